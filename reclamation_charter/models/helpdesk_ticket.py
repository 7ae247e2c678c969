# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models

COMPLAINT_KINDS = [
    ("complaint", "Complaint"),
    ("information", "Information request"),
    ("service", "Service request"),
]
COMPLEXITIES = [
    ("simple", "Simple"),
    ("standard", "Standard"),
    ("complex", "Complex"),
]
CAPACITIES = [
    ("self", "On their own behalf"),
    ("representative", "Representative"),
    ("heir", "Heir or beneficiary"),
    ("other", "Other third party"),
]


class HelpdeskTicket(models.Model):
    """A complaint: a ticket of a complaint desk, qualified at its initial
    assessment (charter articles 1, 2 and 10).

    The complaint's other concerns extend the same model, one file each:
    deadlines (``helpdesk_ticket_sla.py``), acknowledgement of receipt
    (``helpdesk_ticket_acknowledgement.py``), confidentiality and
    data-subject rights (``helpdesk_ticket_privacy.py``), retention and
    anonymisation (``helpdesk_ticket_retention.py``). ``create`` and
    ``write`` live here only and call each concern in a fixed order.
    """

    _inherit = "helpdesk.ticket"

    # Complaint data a ticket keeps only while it is on a complaint desk.
    _COMPLAINT_DATA_FIELDS = (
        "complaint_kind",
        "complexity",
        "complainant_capacity",
        "represented_party_name",
        "complainant_details",
        "remedy_sought",
        "written_complaint_date",
        "owner_id",
    )

    is_complaint_desk = fields.Boolean(
        related="team_id.is_complaint_desk",
        store=True,
        index=True,
        string="On a complaint desk",
    )
    # The access rule on complaints (security/reclamation_security.xml) lets
    # anyone read the tickets that are not on a complaint desk, or else the
    # complaints of their own: this index makes the first branch a bitmap,
    # so that the rule selects a customer's complaints through the indexes on
    # the customer instead of filtering every complaint.
    _not_complaint_desk_idx = models.Index("(id) WHERE is_complaint_desk IS NOT TRUE")
    complaint_kind = fields.Selection(
        selection=COMPLAINT_KINDS,
        string="Kind",
        compute="_compute_complaint_kind",
        store=True,
        readonly=False,
        tracking=True,
        help="Qualified at the initial assessment. Only complaints (expressions "
        "of dissatisfaction) are handled under the charter and its deadlines; "
        "information and service requests leave its clocks.",
    )
    is_charter_complaint = fields.Boolean(
        string="Under the charter",
        compute="_compute_is_charter_complaint",
        store=True,
        index=True,
    )
    complexity = fields.Selection(
        selection=COMPLEXITIES,
        compute="_compute_complexity",
        store=True,
        readonly=False,
        tracking=True,
        help="Set at the initial assessment; drives the handling deadlines.",
    )
    received_date = fields.Datetime(
        string="Received on",
        default=fields.Datetime.now,
        copy=False,
        help="When the association received the complaint, whatever the channel.",
    )
    written_complaint_date = fields.Date(
        string="Written complaint on",
        tracking=True,
        help="Date of the customer's written complaint. It opens the one-year "
        "window in which the customer may refer the dispute to the consumer "
        "mediator.",
    )
    mediation_deadline = fields.Date(
        string="Mediation possible until",
        compute="_compute_mediation_deadline",
        store=True,
    )
    complainant_capacity = fields.Selection(
        selection=CAPACITIES,
        string="Complains",
        compute="_compute_complainant_capacity",
        store=True,
        readonly=False,
        help="Whether the person who complains does so for themselves or on "
        "someone else's behalf.",
    )
    represented_party_name = fields.Char(
        string="On behalf of",
        help="The person the complaint is made for, when it is not the complainant.",
    )
    represented_partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="On behalf of (contact)",
        index="btree_not_null",
        help="The contact the complaint is made for, when it is not the "
        "complainant; when they have a portal account, they follow it too.",
    )
    complainant_details = fields.Text(
        help="Relationship, mandate or proof of capacity of the complainant.",
    )
    remedy_sought = fields.Text(help="What the customer asks for, in their words.")
    owner_id = fields.Many2one(
        comodel_name="res.users",
        string="Complaint owner",
        compute="_compute_owner_id",
        store=True,
        readonly=False,
        tracking=True,
        index="btree_not_null",
        help="The person accountable for this complaint until it is closed.",
    )
    charter_id = fields.Many2one(
        comodel_name="reclamation.charter",
        string="Charter version",
        compute="_compute_charter_id",
        store=True,
        index="btree_not_null",
        ondelete="restrict",
        help="The version of the charter in force when the complaint was "
        "received: the complaint is handled under it.",
    )
    stage_customer_explanation = fields.Text(
        related="stage_id.customer_explanation", string="Stage explanation"
    )
    process_stage_ids = fields.Many2many(
        comodel_name="helpdesk.ticket.stage",
        string="Steps of the process",
        compute="_compute_process_stage_ids",
        help="The open steps of the team's process that are explained to the "
        "customer, in order.",
    )

    # One compute per field: a value given for one of them at creation must not
    # keep the others from getting their default.
    @api.depends("is_complaint_desk")
    def _compute_complaint_kind(self):
        for ticket in self:
            ticket.complaint_kind = ticket.is_complaint_desk and (
                ticket.complaint_kind or "complaint"
            )

    @api.depends("is_complaint_desk")
    def _compute_complexity(self):
        for ticket in self:
            ticket.complexity = ticket.is_complaint_desk and (
                ticket.complexity or "standard"
            )

    @api.depends("is_complaint_desk")
    def _compute_complainant_capacity(self):
        for ticket in self:
            ticket.complainant_capacity = ticket.is_complaint_desk and (
                ticket.complainant_capacity or "self"
            )

    @api.depends("is_complaint_desk", "complaint_kind")
    def _compute_is_charter_complaint(self):
        for ticket in self:
            ticket.is_charter_complaint = (
                ticket.is_complaint_desk and ticket.complaint_kind == "complaint"
            )

    @api.depends("written_complaint_date")
    def _compute_mediation_deadline(self):
        for ticket in self:
            ticket.mediation_deadline = ticket.written_complaint_date and (
                ticket.written_complaint_date + relativedelta(years=1)
            )

    @api.depends("is_complaint_desk", "user_id")
    def _compute_owner_id(self):
        for ticket in self:
            if not ticket.is_complaint_desk:
                ticket.owner_id = False
            elif not ticket.owner_id:
                ticket.owner_id = ticket.user_id or ticket.team_id.user_id

    @api.depends("team_id")
    def _compute_process_stage_ids(self):
        stages_by_team = {
            team: team._get_applicable_stages().filtered("customer_explanation")
            for team in self.team_id
        }
        for ticket in self:
            ticket.process_stage_ids = stages_by_team.get(ticket.team_id, False)

    def _get_received_day(self):
        self.ensure_one()
        return fields.Date.context_today(
            self, self.received_date or fields.Datetime.now()
        )

    @api.depends("is_charter_complaint", "company_id", "received_date")
    def _compute_charter_id(self):
        complaints = self.filtered("is_charter_complaint")
        (self - complaints).charter_id = False
        if not complaints:
            return
        days_by_company = defaultdict(set)
        for ticket in complaints:
            days_by_company[ticket.company_id.id].add(ticket._get_received_day())
        in_force = self.env["reclamation.charter"]._get_in_force_by_company(
            complaints.company_id, days_by_company
        )
        for ticket in complaints:
            ticket.charter_id = in_force[
                (ticket.company_id.id, ticket._get_received_day())
            ]

    @api.model_create_multi
    def create(self, vals_list):
        tickets = super().create(vals_list)
        tickets._clear_complaint_data()
        tickets._schedule_acknowledgements()
        tickets.filtered("sla_policy_id")._update_sla_pause()
        return tickets

    def write(self, vals):
        """The one ``write`` of the complaint: what each concern needs to know
        of the record before the change is taken first, then the
        consequences run in a fixed order (logs, data cleared off the desk,
        acknowledgement, pause clock, deadline moves)."""
        sla_triggers = [key for key in self._SLA_TRIGGERS if key in vals]
        sla_before = self._get_sla_snapshot() if sla_triggers else None
        complexity_before = (
            {ticket: ticket.complexity for ticket in self}
            if "complexity" in vals
            else {}
        )
        identity_before = self._get_rectification_snapshot(vals)
        res = super().write(vals)
        self._log_complexity_changes(complexity_before)
        self._log_rectification(identity_before)
        if {"team_id", "complaint_kind", *self._COMPLAINT_DATA_FIELDS}.intersection(
            vals
        ):
            self._clear_complaint_data()
            self._schedule_acknowledgements()
        if "stage_id" in vals:
            self.filtered("sla_policy_id")._update_sla_pause()
        if sla_triggers:
            self._log_sla_moves(
                sla_before, ", ".join(self._get_sla_trigger_labels(sla_triggers))
            )
        return res

    def _log_complexity_changes(self, before):
        """Complexity drives the deadlines: each change is a logged decision."""
        changed = [t for t, old in before.items() if t.complexity != old]
        if not changed:
            return
        labels = dict(self._fields["complexity"]._description_selection(self.env))
        self.env["reclamation.decision.log"]._log(
            "complexity",
            self.browse(t.id for t in changed),
            before=lambda t: labels.get(before[t], ""),
            after=lambda t: labels.get(t.complexity, ""),
        )

    def _clear_complaint_data(self):
        """A ticket outside a complaint desk keeps no complaint data."""
        outside = self.filtered(
            lambda ticket: not ticket.is_complaint_desk
            and any(ticket[name] for name in self._COMPLAINT_DATA_FIELDS)
        )
        if outside:
            outside.write(dict.fromkeys(self._COMPLAINT_DATA_FIELDS, False))

    def action_view_charter(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "reclamation.charter",
            "res_id": self.charter_id.id,
            "view_mode": "form",
        }
