# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging
from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.fields import Domain

_logger = logging.getLogger(__name__)

ACK_BATCH_SIZE = 200

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
    complaint_kind = fields.Selection(
        selection=COMPLAINT_KINDS,
        string="Kind",
        compute="_compute_complaint_defaults",
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
        compute="_compute_complaint_defaults",
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
        compute="_compute_complaint_defaults",
        store=True,
        readonly=False,
        help="Whether the person who complains does so for themselves or on "
        "someone else's behalf.",
    )
    represented_party_name = fields.Char(
        string="On behalf of",
        help="The person the complaint is made for, when it is not the " "complainant.",
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
    ack_state = fields.Selection(
        selection=[
            ("pending", "To send"),
            ("sent", "Sent"),
            ("no_address", "No email address"),
        ],
        string="Acknowledgement",
        compute="_compute_ack_state",
        store=True,
        index="btree_not_null",
        copy=False,
    )
    ack_sent_date = fields.Datetime(string="Acknowledged on", readonly=True, copy=False)
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

    @api.depends("is_complaint_desk")
    def _compute_complaint_defaults(self):
        for ticket in self:
            if not ticket.is_complaint_desk:
                ticket.complaint_kind = False
                ticket.complexity = False
                ticket.complainant_capacity = False
                continue
            ticket.complaint_kind = ticket.complaint_kind or "complaint"
            ticket.complexity = ticket.complexity or "standard"
            ticket.complainant_capacity = ticket.complainant_capacity or "self"

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

    @api.depends("is_charter_complaint")
    def _compute_ack_state(self):
        for ticket in self:
            if ticket.ack_state in ("sent", "no_address"):
                continue
            ticket.ack_state = "pending" if ticket.is_charter_complaint else False

    @api.model_create_multi
    def create(self, vals_list):
        tickets = super().create(vals_list)
        tickets._clear_complaint_data()
        tickets._schedule_acknowledgements()
        return tickets

    def write(self, vals):
        res = super().write(vals)
        if {"team_id", "complaint_kind", *self._COMPLAINT_DATA_FIELDS}.intersection(
            vals
        ):
            self._clear_complaint_data()
            self._schedule_acknowledgements()
        return res

    def _clear_complaint_data(self):
        """A ticket outside a complaint desk keeps no complaint data."""
        outside = self.filtered(
            lambda ticket: not ticket.is_complaint_desk
            and any(ticket[name] for name in self._COMPLAINT_DATA_FIELDS)
        )
        if outside:
            outside.write(dict.fromkeys(self._COMPLAINT_DATA_FIELDS, False))

    def _schedule_acknowledgements(self):
        """Acknowledgements are rendered and queued by a job right after the
        transaction, never inside the user's request."""
        if any(ticket.ack_state == "pending" for ticket in self):
            # The job runs as the superuser on complaints the caller has just
            # created or changed; nothing of theirs is read here.
            self.env.ref(
                "reclamation_charter.ir_cron_send_acknowledgements"
            ).sudo()._trigger()

    # Acknowledgement of receipt (charter articles 1 and 2)

    def _get_acknowledgement_template(self):
        """The acknowledgement, or for complaints not in the customer's own
        words (phone, in person) the written recap of what was recorded."""
        self.ensure_one()
        if self.channel_id.requires_written_recap:
            return self.env.ref("reclamation_charter.mail_template_complaint_recap")
        return self.env.ref(
            "reclamation_charter.mail_template_complaint_acknowledgement"
        )

    def _get_acknowledgement_recipient(self):
        """(contact to notify, email address): the contact when it has an
        email address, else the address the complaint came with."""
        self.ensure_one()
        if self.partner_id.email:
            return self.partner_id, self.partner_id.email
        return self.env["res.partner"], self.partner_email or ""

    def _send_acknowledgements(self):
        """Render the acknowledgement of each complaint and queue it for the
        customer; complaints without any email address get an activity for
        their owner to send it by post."""
        no_address = self.filtered(lambda t: not t._get_acknowledgement_recipient()[1])
        to_send = self - no_address
        now = fields.Datetime.now()
        tickets_by_template = defaultdict(lambda: self.browse())
        for ticket in to_send:
            tickets_by_template[ticket._get_acknowledgement_template()] |= ticket
        for template, tickets in tickets_by_template.items():
            subjects = template._render_field("subject", tickets.ids, compute_lang=True)
            bodies = template._render_field(
                "body_html",
                tickets.ids,
                compute_lang=True,
                options={"post_process": True},
            )
            for ticket in tickets:
                partner, email = ticket._get_acknowledgement_recipient()
                ticket.with_context(mail_notify_force_send=False).message_post(
                    subject=subjects[ticket.id],
                    body=bodies[ticket.id],
                    message_type="auto_comment",
                    subtype_xmlid="mail.mt_comment",
                    partner_ids=partner.ids,
                    outgoing_email_to=False if partner else email,
                    email_layout_xmlid="mail.mail_notification_light",
                )
        to_send.write({"ack_state": "sent", "ack_sent_date": now})
        for ticket in no_address:
            ticket.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=self.env._("Send the acknowledgement by post"),
                note=self.env._(
                    "This complaint has no email address: print and post the "
                    "acknowledgement of receipt to the customer."
                ),
                user_id=(ticket.owner_id or ticket.team_id.user_id or self.env.user).id,
            )
        no_address.write({"ack_state": "no_address"})

    @api.model
    def _cron_send_acknowledgements(self, batch_size=ACK_BATCH_SIZE):
        domain = Domain("ack_state", "=", "pending")
        remaining = self.search_count(domain)
        while remaining:
            tickets = self.search(domain, limit=batch_size, order="id")
            tickets._send_acknowledgements()
            remaining = max(remaining - len(tickets), 0)
            if not self.env["ir.cron"]._commit_progress(
                len(tickets), remaining=remaining
            ):
                break

    def action_view_charter(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "reclamation.charter",
            "res_id": self.charter_id.id,
            "view_mode": "form",
        }
