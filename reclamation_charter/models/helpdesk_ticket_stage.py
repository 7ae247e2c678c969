# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command, api, fields, models

# The closing stages only complaints use. helpdesk_mgmt gives a stage without
# teams to every team and to the tickets without one, so these belong to the
# complaint desks, and to them only.
COMPLAINT_DESK_STAGES = (
    "reclamation_charter.helpdesk_ticket_stage_withdrawn",
    "reclamation_charter.helpdesk_ticket_stage_resolved_amicably",
)


class HelpdeskTicketStage(models.Model):
    _inherit = "helpdesk.ticket.stage"

    customer_explanation = fields.Text(
        translate=True,
        help="Plain-language explanation of this step for the customer: what "
        "happens now and who owes the next move. Shown on the portal and in the "
        "acknowledgement of receipt.",
    )
    waiting_on = fields.Selection(
        selection=[
            ("desk", "Us, the desk"),
            ("customer", "The customer"),
            ("third_party", "A third party"),
        ],
        string="Waiting on",
        help="Who owes the next move while a complaint is in this step, as the "
        "customer's page says it. Empty: the customer in a step that pauses the "
        "deadline, the desk otherwise.",
    )
    reclamation_answer_template_ids = fields.Many2many(
        comodel_name="mail.template",
        relation="helpdesk_ticket_stage_reclamation_answer_template_rel",
        column1="stage_id",
        column2="template_id",
        string="Answer templates",
        domain=[("model", "=", "helpdesk.ticket")],
        help="Canned answers for complaints in this stage: handlers pick one "
        "in the composer (“Answer with a template” on the complaint) and adapt "
        "it before sending.",
    )

    @api.model
    def _reclamation_sync_desk_stages(self):
        """Give the closing stages of complaints ("Withdrawn", "Resolved
        amicably") to every complaint desk, archived ones included, and to no
        other team, so that a plain support team and a ticket without a team
        keep helpdesk's stages. With no complaint desk at all they are
        archived: an empty list of teams would make them every team's. Called
        when a team becomes or stops being a desk, and at each update of the
        addon."""
        # The stages follow the desks whoever changes a team (the caller
        # passed the team's own access checks): product-managed data.
        Stage = self.sudo().with_context(active_test=False)
        stages = Stage.browse()
        for xmlid in COMPLAINT_DESK_STAGES:
            stages |= Stage.env.ref(xmlid, raise_if_not_found=False) or Stage
        if not stages:
            return
        desks = Stage.env["helpdesk.ticket.team"].search(
            [("is_complaint_desk", "=", True)]
        )
        for stage in stages:
            vals = {}
            if stage.team_ids != desks:
                vals["team_ids"] = [Command.set(desks.ids)]
            if stage.active != bool(desks):
                vals["active"] = bool(desks)
            if vals:
                stage.write(vals)
