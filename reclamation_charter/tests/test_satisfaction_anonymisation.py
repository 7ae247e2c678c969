# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .test_anonymisation import NAME, SENTENCE, TestAnonymisationIsComplete


@tagged("post_install", "-at_install")
class TestAnonymisationOfSurveyAnswers(TestAnonymisationIsComplete):
    """The database-wide scan of the anonymisation, with the person's
    satisfaction survey answered (with a comment about them) on one
    complaint and left unanswered on the other: nothing of them remains,
    the scores stay."""

    @classmethod
    def _fill_everything(cls):
        res = super()._fill_everything()
        complaints = cls.complaint | cls.email_only
        complaints.closed_date = fields.Datetime.now() - timedelta(days=8)
        complaints._send_satisfaction_surveys()
        survey = cls.env.ref("reclamation_charter.survey_complaint_satisfaction")
        user_input = cls.complaint.satisfaction_user_input_id.sudo()
        for question in survey.question_ids:
            item = question.reclamation_satisfaction_item
            if item == "comment":
                user_input._save_lines(question, f"{NAME} says: {SENTENCE}")
            else:
                user_input._save_lines(question, "1" if item == "overall" else "4")
        user_input._mark_done()
        return res

    def test_the_survey_answers_hold_the_person_before(self):
        places = {place for place, _value in self._find_needles()}
        for expected in (
            "survey_user_input.nickname",
            "survey_user_input.email",
            "survey_user_input_line.value_text_box",
            "mail_activity.note",
        ):
            self.assertIn(expected, places)
        self.assertEqual(self.complaint.satisfaction_score, 1)

    def test_nothing_of_the_person_remains(self):
        res = super().test_nothing_of_the_person_remains()
        self.assertEqual(self.complaint.satisfaction_score, 1)
        self.assertEqual(self.complaint.satisfaction_listening_score, 4)
        self.assertEqual(self.complaint.satisfaction_user_input_id.state, "done")
        self.assertFalse(self.email_only.satisfaction_user_input_id)
        return res
