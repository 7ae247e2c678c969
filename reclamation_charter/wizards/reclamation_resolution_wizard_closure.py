# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ReclamationResolutionWizard(models.TransientModel):
    """Sending a decision closes the complaint: the decision wizard asks for
    its root cause, whether it was justified and its corrective actions
    (charter article 6), as the Close button does."""

    _inherit = "reclamation.resolution.wizard"

    root_cause_id = fields.Many2one(
        comodel_name="reclamation.root.cause",
        string="Root cause",
        help="Why the complaint arose. Required to send a decision that answers "
        "it (not for a withdrawal or a request that is no complaint).",
    )
    is_justified = fields.Boolean(
        string="Justified",
        help="Tick when the complaint was well-founded, in whole or in part: "
        "a corrective action is then required.",
    )
    corrective_action_ids = fields.Many2many(
        comodel_name="reclamation.corrective.action",
        string="Corrective actions",
        help="The corrective actions that answer this complaint.",
    )
    needs_root_cause = fields.Boolean(compute="_compute_needs_root_cause")

    @api.depends("outcome", "ticket_id")
    def _compute_needs_root_cause(self):
        exempt = self.env["helpdesk.ticket"]._CLOSURE_EXEMPT_OUTCOMES
        for wizard in self:
            wizard.needs_root_cause = bool(
                wizard.ticket_id.is_charter_complaint
                and wizard.outcome
                and wizard.outcome not in exempt
            )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        ticket = self.env["helpdesk.ticket"].browse(values.get("ticket_id"))
        if ticket:
            for name, value in ticket._get_closure_review_defaults().items():
                values.setdefault(name, value)
        return values

    def _record_closure_review(self):
        """The root cause, justification and actions go on the complaint
        (as the user, who may change it) before the decision closes it."""
        self.ensure_one()
        if not self.needs_root_cause:
            return
        self.ticket_id.write(
            {
                "root_cause_id": self.root_cause_id.id,
                "is_justified": self.is_justified,
                "corrective_action_ids": [(6, 0, self.corrective_action_ids.ids)],
            }
        )

    def _check_closure_review(self):
        """Sending the decision closes the complaint: the root cause (and,
        when justified, a corrective action) is asked for here, in this
        window's Closure section, before anything is written."""
        self.ensure_one()
        if not self.needs_root_cause:
            return
        if not self.root_cause_id:
            raise ValidationError(
                self.env._(
                    "Sending this decision closes the complaint: choose its "
                    "root cause in the Closure section of this window."
                )
            )
        if self.is_justified and not self.corrective_action_ids:
            raise ValidationError(
                self.env._(
                    "The complaint was justified: link a corrective action in "
                    "the Closure section of this window before sending the "
                    "decision."
                )
            )

    def action_send(self):
        self._check_closure_review()
        self._record_closure_review()
        return super().action_send()

    def action_save_draft(self):
        self._record_closure_review()
        return super().action_save_draft()
