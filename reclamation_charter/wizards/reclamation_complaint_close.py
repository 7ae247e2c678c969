# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class ReclamationComplaintClose(models.TransientModel):
    """Close a complaint (charter article 6): the handler says why it arose,
    whether it was justified and, if so, which corrective action answers
    it; a new action can be planned from here."""

    _name = "reclamation.complaint.close"
    _description = "Close a Complaint"
    _inherit = ["reclamation.wizard.access.mixin"]

    ticket_id = fields.Many2one(
        comodel_name="helpdesk.ticket", required=True, ondelete="cascade"
    )
    allowed_stage_ids = fields.Many2many(
        comodel_name="helpdesk.ticket.stage",
        compute="_compute_allowed_stage_ids",
    )
    stage_id = fields.Many2one(
        comodel_name="helpdesk.ticket.stage",
        string="Closing stage",
        compute="_compute_stage_id",
        store=True,
        readonly=False,
        required=True,
        domain="[('id', 'in', allowed_stage_ids)]",
    )
    root_cause_id = fields.Many2one(
        comodel_name="reclamation.root.cause",
        string="Root cause",
        required=True,
        help="Why the complaint arose.",
    )
    is_justified = fields.Boolean(
        string="Justified",
        help="Tick when the complaint was well-founded, in whole or in part: "
        "a corrective action is then required.",
    )
    corrective_action_ids = fields.Many2many(
        comodel_name="reclamation.corrective.action",
        string="Existing corrective actions",
        help="Corrective actions already planned that answer this complaint.",
    )
    new_action_name = fields.Char(
        string="New corrective action",
        help="Plan a new corrective action for this complaint: what will change.",
    )
    new_action_user_id = fields.Many2one(
        comodel_name="res.users",
        string="Owner",
        domain="[('share', '=', False)]",
    )
    new_action_date_deadline = fields.Date(string="Due date")

    @api.depends("ticket_id")
    def _compute_allowed_stage_ids(self):
        for wizard in self:
            wizard.allowed_stage_ids = (
                wizard.ticket_id._get_closing_stages() if wizard.ticket_id else False
            )

    @api.depends("ticket_id")
    def _compute_stage_id(self):
        for wizard in self:
            wizard.stage_id = wizard.allowed_stage_ids[:1]

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        ticket = self.env["helpdesk.ticket"].browse(values.get("ticket_id"))
        if ticket:
            for name, value in ticket._get_closure_review_defaults().items():
                values.setdefault(name, value)
        return values

    def action_close(self):
        self.ensure_one()
        actions = self.corrective_action_ids
        if self.new_action_name:
            actions |= self.env["reclamation.corrective.action"].create(
                {
                    "name": self.new_action_name,
                    "user_id": self.new_action_user_id.id,
                    "date_deadline": self.new_action_date_deadline,
                    "root_cause_id": self.root_cause_id.id,
                    "company_id": self.ticket_id.company_id.id,
                }
            )
        self.ticket_id._close_complaint(
            self.stage_id, self.root_cause_id, self.is_justified, actions
        )
        return {"type": "ir.actions.act_window_close"}
