# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from ..models.reclamation_resolution import OUTCOMES, REJECTIONS


class ReclamationResolutionWizard(models.TransientModel):
    """Record a decision on a complaint from its form, and send it or keep
    it as a draft (charter article 4)."""

    _name = "reclamation.resolution.wizard"
    _description = "Record a Decision on a Complaint"
    _inherit = ["reclamation.wizard.access.mixin"]

    ticket_id = fields.Many2one(
        comodel_name="helpdesk.ticket",
        string="Complaint",
        required=True,
        ondelete="cascade",
    )
    is_appeal = fields.Boolean(
        string="Decision on appeal",
        compute="_compute_is_appeal",
        help="The customer appealed: this decision is final within the association.",
    )
    outcome = fields.Selection(selection=OUTCOMES, required=True)
    is_offer = fields.Boolean(
        string="Amicable offer",
        help="Propose the remedy as a solution the customer accepts or refuses, "
        "instead of imposing the decision.",
    )
    remedy_granted = fields.Text(
        string="Remedy granted",
        help="What the association does (or offers) for the customer.",
    )
    rationale = fields.Text(
        string="Reasons",
        required=True,
        help="The reasons of the decision, written for the customer.",
    )
    mediator_id = fields.Many2one(
        related="ticket_id.company_id.reclamation_mediator_id", string="Mediator"
    )
    needs_mediator = fields.Boolean(
        string="Needs a mediator", compute="_compute_needs_mediator"
    )

    @api.depends("ticket_id")
    def _compute_is_appeal(self):
        for wizard in self:
            wizard.is_appeal = wizard.ticket_id.sudo().appeal_state == "requested"

    @api.depends("outcome", "is_appeal", "mediator_id")
    def _compute_needs_mediator(self):
        for wizard in self:
            wizard.needs_mediator = (
                wizard.outcome in REJECTIONS or wizard.is_appeal
            ) and not wizard.mediator_id

    def _create_resolution(self):
        self.ensure_one()
        return self.env["reclamation.resolution"].create(
            {
                "ticket_id": self.ticket_id.id,
                "outcome": self.outcome,
                "is_offer": self.is_offer,
                "is_appeal": self.is_appeal,
                "remedy_granted": self.remedy_granted,
                "rationale": self.rationale,
            }
        )

    def action_send(self):
        resolution = self._create_resolution()
        resolution.action_send()
        return {"type": "ir.actions.act_window_close"}

    def action_save_draft(self):
        resolution = self._create_resolution()
        return {
            "type": "ir.actions.act_window",
            "res_model": "reclamation.resolution",
            "res_id": resolution.id,
            "view_mode": "form",
        }


class ReclamationAppealWizard(models.TransientModel):
    """Record an internal appeal the customer made by email, phone or post
    (charter article 4). The customer's reply to the decision asking for
    one is the desk's to record here."""

    _name = "reclamation.appeal.wizard"
    _description = "Record an Internal Appeal"
    _inherit = ["reclamation.wizard.access.mixin"]

    ticket_id = fields.Many2one(
        comodel_name="helpdesk.ticket",
        string="Complaint",
        required=True,
        ondelete="cascade",
    )
    appeal_deadline = fields.Date(related="ticket_id.appeal_deadline")
    channel = fields.Selection(
        selection=[("email", "By email"), ("backend", "By phone, post or in person")],
        string="Received",
        required=True,
        default="email",
    )
    reason = fields.Text(
        required=True,
        help="Why the customer asks for the decision to be reviewed, in their words.",
    )

    def action_record(self):
        self.ensure_one()
        self.ticket_id._record_appeal(self.reason, self.channel)
        return {"type": "ir.actions.act_window_close"}
