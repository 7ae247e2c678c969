# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What the complaint desk needs of Odoo's survey: which question scores
which commitment of the charter, and the answers landing on the complaint
when the customer finishes (charter article 6)."""

from odoo import fields, models


class SurveyQuestion(models.Model):
    _inherit = "survey.question"

    reclamation_satisfaction_item = fields.Selection(
        selection=[
            ("overall", "Overall satisfaction"),
            ("listening", "Listening and respect"),
            ("clarity", "Clarity of the information"),
            ("deadlines", "Keeping to the deadlines"),
            ("fairness", "Fairness of the outcome"),
            ("comment", "Free comment"),
        ],
        string="Complaint satisfaction item",
        help="In a complaint satisfaction survey: the score (a scale from 1 to "
        "5) or the comment this question records on the complaint.",
    )

    def _validate_scale(self, answer):
        """A score outside the question's scale (a forged request) is refused
        before anything is saved: it would land on the complaint."""
        errors = super()._validate_scale(answer)
        if errors or answer in (None, False, ""):
            return errors
        try:
            value = int(answer)
        except (TypeError, ValueError):
            value = None
        if value is None or not self.scale_min <= value <= self.scale_max:
            return {
                self.id: self.env._(
                    "Please give a score from %(min)s to %(max)s.",
                    min=self.scale_min,
                    max=self.scale_max,
                )
            }
        return errors


class SurveyUserInput(models.Model):
    _inherit = "survey.user_input"

    def _mark_done(self):
        res = super()._mark_done()
        self.env["helpdesk.ticket"]._store_satisfaction_answers(self)
        return res

    def _get_reclamation_scale_values(self):
        """Every score given on a scale question of these answers."""
        return [
            line.value_scale
            for line in self.user_input_line_ids
            if line.answer_type == "scale" and not line.skipped
        ]

    def _get_reclamation_satisfaction_answers(self):
        """({item: score}, [comments]) of this answer, from the questions'
        complaint satisfaction items."""
        self.ensure_one()
        scores, comments = {}, []
        for line in self.user_input_line_ids:
            item = line.question_id.reclamation_satisfaction_item
            if line.skipped or not item:
                continue
            if item == "comment":
                text = line.value_text_box or line.value_char_box
                if text and text.strip():
                    comments.append(text.strip())
            elif line.answer_type == "scale":
                scores[item] = line.value_scale
            elif line.answer_type == "numerical_box":
                scores[item] = round(line.value_numerical_box)
        return scores, comments


class SurveyUserInputLine(models.Model):
    _inherit = "survey.user_input.line"

    def _get_reclamation_export_value(self):
        """The answer as the person gave it, for the export of their data."""
        self.ensure_one()
        value = self._get_answer_value()
        if self.answer_type == "suggestion" and self.matrix_row_id:
            return f"{self.matrix_row_id.value}: {value}"
        return value
