# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

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
    anonymisation (``helpdesk_ticket_retention.py``), email received and
    sent (``helpdesk_ticket_mail.py``). ``create`` and
    ``write`` live here only and call each concern in a fixed order.
    """

    _inherit = "helpdesk.ticket"

    # Complaint data a ticket keeps only while it is on a complaint desk.
    _COMPLAINT_DATA_FIELDS = (
        "complaint_kind",
        "complexity",
        "complainant_capacity",
        "represented_party_name",
        "represented_partner_id",
        "complainant_details",
        "remedy_sought",
        "written_complaint_date",
        "owner_id",
    )
    # Fields the product manages: they change only through its own actions,
    # which check the user's role, log the change and then write through
    # ``_write_managed``. A direct ``write`` (form, import, RPC) is refused,
    # the superuser's included, and so is a value given at creation.
    # ``received_date`` is not in it: it is recorded at creation and may be
    # corrected until the acknowledgement tells the customer the dates
    # (``_check_managed_write``). They are listed by the operation of the
    # product that changes them (named in the error a direct write gets).
    _MANAGED_FIELD_OPERATIONS = {
        "legal_hold": (
            "legal_hold",
            "legal_hold_reason",
            "legal_hold_user_id",
            "legal_hold_date",
        ),
        "restriction": ("processing_restricted", "restriction_reason"),
        "retention": (
            "retention_phase",
            "anonymised_date",
            "retention_archive_date",
            "retention_anonymise_date",
        ),
        "holding_letter": ("resolution_extended_to", "resolution_extension_reason"),
        "acknowledgement": ("ack_state", "ack_sent_date", "ack_on_time"),
        "pause": ("sla_paused_since", "sla_paused_seconds"),
        "alerts": ("sla_alert_level", "sla_update_reminded_for"),
        "update_clock": ("sla_last_update_date",),
        "decision": (
            "resolution_outcome",
            "appeal_state",
            "appeal_deadline",
            "appeal_requested_on",
            "appeal_reason",
            "appeal_channel",
            "sla_restart_date",
        ),
        "satisfaction": (
            "satisfaction_user_input_id",
            "satisfaction_state",
            "satisfaction_sent_date",
            "satisfaction_reminded_date",
            "satisfaction_answered_on",
            "satisfaction_score",
            "satisfaction_listening_score",
            "satisfaction_clarity_score",
            "satisfaction_deadlines_score",
            "satisfaction_fairness_score",
        ),
    }
    # Computed from the charter in force, the policy and its calendar: no
    # action writes them.
    _MANAGED_COMPUTED_FIELDS = (
        "charter_id",
        "is_charter_complaint",
        "mediation_deadline",
        "sla_policy_id",
        "sla_calendar_id",
        "sla_explanation",
        "ack_deadline",
        "resolution_deadline",
        "update_deadline",
        "sla_risk_date",
        "sla_ceiling_date",
        "sla_extension_limit_date",
        "sla_success",
    )
    _MANAGED_FIELDS = (
        *(name for names in _MANAGED_FIELD_OPERATIONS.values() for name in names),
        *_MANAGED_COMPUTED_FIELDS,
    )

    # Settled when the ticket is received (or escalated onto a desk while
    # open), never by a later change of its team's settings: see
    # _prepare_complaint_status_vals and _escalate_to_complaint. The column
    # keeps the name it had as a related of the team's flag, so existing
    # databases keep their values and the record rules keep working.
    is_complaint_desk = fields.Boolean(
        string="Received as a complaint",
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
        help="Settled when the ticket is received on a complaint desk, or moved "
        "onto one while open: it then stays a complaint, whatever becomes of "
        "its team.",
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
    @api.depends("number", "name")
    def _compute_display_name(self):
        """Number and subject, each when there is one: a new complaint reads
        as new (the form's breadcrumb), not "/ - False"."""
        for ticket in self:
            number = ticket.number if ticket.number != "/" else False
            ticket.display_name = " - ".join(filter(None, (number, ticket.name)))

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

    @api.onchange("team_id")
    def _onchange_team_id_complaint_status(self):
        """Show in the form what the ticket will be once saved (settled by
        create and write, never from the form)."""
        for ticket in self:
            origin = ticket._origin
            if origin.is_complaint_desk or (origin and ticket.closed):
                continue
            ticket.is_complaint_desk = ticket.team_id.is_complaint_desk

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
        for vals in vals_list:
            self._check_managed_create(vals)
        vals_list = self._prepare_complaint_status_vals(vals_list)
        vals_list, automatic = self._prepare_auto_assignment_vals(vals_list)
        tickets = super().create(vals_list)
        tickets._settle_complaint_status()
        tickets._log_owner_changes(
            dict.fromkeys(tickets, self.env["res.users"]),
            automatic=tickets.browse(
                t.id for t, auto in zip(tickets, automatic, strict=True) if auto
            ),
        )
        tickets._clear_complaint_data()
        tickets._schedule_acknowledgements()
        tickets.filtered("sla_policy_id")._update_sla_pause()
        return tickets

    def write(self, vals):
        """The one ``write`` of the complaint: what each concern needs to know
        of the record before the change is taken first, then the
        consequences run in a fixed order (logs, data cleared off the desk,
        acknowledgement, pause clock, deadline moves)."""
        self._check_managed_write(vals)
        sla_triggers = [key for key in self._SLA_TRIGGERS if key in vals]
        sla_before = self._get_sla_snapshot() if sla_triggers else None
        complexity_before = (
            {ticket: ticket.complexity for ticket in self}
            if "complexity" in vals
            else {}
        )
        identity_before = self._get_rectification_snapshot(vals)
        self._check_complaint_status_write(vals)
        self._check_appeal_assignment(vals)
        teams_before = self._get_team_snapshot(vals)
        owners_before = self._get_owner_snapshot(vals)
        res = super().write(vals)
        self._escalate_to_complaint(teams_before)
        self._log_complexity_changes(complexity_before)
        self._log_owner_changes(owners_before)
        self._log_rectification(identity_before)
        if {
            "team_id",
            "is_complaint_desk",
            "complaint_kind",
            *self._COMPLAINT_DATA_FIELDS,
        }.intersection(vals):
            self._clear_complaint_data()
            self._schedule_acknowledgements()
        if "stage_id" in vals:
            self.filtered("sla_policy_id")._update_sla_pause()
        if sla_triggers:
            self._log_sla_moves(
                sla_before, ", ".join(self._get_sla_trigger_labels(sla_triggers))
            )
        return res

    def _is_managed_write(self):
        """Whether this write is one of the product's own operations: only
        ``_write_managed`` sets the flag, and only as the superuser (a
        client can pass a context, it cannot become the superuser)."""
        return self.env.su and self.env.context.get("reclamation_managed_write")

    def _write_managed(self, vals):
        """Write fields of ``_MANAGED_FIELDS``. Callers check the user's role
        and access to the complaints just before, and log the change: the
        write itself runs as the superuser."""
        return self.sudo().with_context(reclamation_managed_write=True).write(vals)

    def _get_managed_field_actions(self):
        """How each managed field is changed, to tell the user."""
        labels = {
            "legal_hold": self.env._("the legal hold decisions"),
            "restriction": self.env._("the restriction of processing decisions"),
            "retention": self.env._("the retention job or the anonymisation decision"),
            "holding_letter": self.env._("a holding letter"),
            "acknowledgement": self.env._("the acknowledgement job"),
            "pause": self.env._("moving the complaint into or out of a pause stage"),
            "alerts": self.env._("the deadline alerts job"),
            "update_clock": self.env._("a message the customer can read"),
            "decision": self.env._(
                "sending a decision, the customer's answer to an offer or an appeal"
            ),
            "satisfaction": self.env._(
                "the satisfaction survey job and the customer's answers"
            ),
        }
        actions = {
            name: labels[operation]
            for operation, names in self._MANAGED_FIELD_OPERATIONS.items()
            for name in names
        }
        computed = self.env._(
            "their computation from the date of receipt, the charter and the "
            "deadline policy"
        )
        return {name: actions.get(name, computed) for name in self._MANAGED_FIELDS}

    def _raise_managed_fields(self, names):
        actions = self._get_managed_field_actions()
        raise AccessError(
            self.env._(
                "These fields of a complaint are managed by the application and "
                "cannot be set directly: %(fields)s. They change only through "
                "%(actions)s, which check your rights and log the change.",
                fields=", ".join(
                    self._fields[name].get_description(self.env)["string"]
                    for name in names
                ),
                actions=", ".join(dict.fromkeys(actions[name] for name in names)),
            )
        )

    @api.model
    def _check_managed_create(self, vals):
        """A complaint starts with none of the managed values: they are set
        by the product's actions afterwards (a value given as empty, as the
        web client does, is no value)."""
        if self._is_managed_write():
            return
        given = [
            name
            for name in self._MANAGED_FIELDS
            if vals.get(name)
            and not (name == "retention_phase" and vals[name] == "active")
            and not (name == "appeal_state" and vals[name] == "none")
        ]
        if given:
            self._raise_managed_fields(given)

    def _check_managed_write(self, vals):
        """Refuse a direct write of a managed field, and a change of the date
        of receipt once the acknowledgement told the customer the dates."""
        if self._is_managed_write():
            return
        given = [name for name in self._MANAGED_FIELDS if name in vals]
        if given:
            self._raise_managed_fields(given)
        if "received_date" in vals and any(
            ticket.ack_state in ("sent", "no_address") for ticket in self
        ):
            raise AccessError(
                self.env._(
                    "The date of receipt of %(ticket)s cannot change: the "
                    "acknowledgement already gave the customer the dates.",
                    ticket=next(
                        t for t in self if t.ack_state in ("sent", "no_address")
                    ).display_name,
                )
            )

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
            before_values=lambda t: {"complexity": before[t]},
            after_values=lambda t: {"complexity": t.complexity},
        )

    # Complaint status (settled at receipt)

    @api.model
    def _prepare_complaint_status_vals(self, vals_list):
        """A ticket received on a complaint desk is a complaint, whatever the
        caller says: the status comes from the team only."""
        team_ids = {vals["team_id"] for vals in vals_list if vals.get("team_id")}
        # Only the teams' flag is read, to settle the new tickets' status.
        teams = self.env["helpdesk.ticket.team"].sudo().browse(team_ids)
        desk_ids = set(teams.filtered("is_complaint_desk").ids)
        return [
            dict(vals, is_complaint_desk=vals.get("team_id") in desk_ids)
            for vals in vals_list
        ]

    def _settle_complaint_status(self):
        """Tickets whose team was not given but defaulted or computed at
        creation (e.g. from the assignee) are settled on that team."""
        # Only the team's flag is read (sudo: the ticket's creator may not
        # read its team), to settle the new tickets' status.
        missed = self.filtered(
            lambda ticket: not ticket.is_complaint_desk
            and ticket.team_id.sudo().is_complaint_desk
        )
        if missed:
            missed._make_complaint(received_date=False)

    def _check_complaint_status_write(self, vals):
        """The complaint status is the product's to change; a complaint does
        not leave the complaint desks by a plain change of team (a complaint
        manager moves it, with a reason: see _move_off_complaint_desk)."""
        if "is_complaint_desk" in vals and not (
            self.env.su and self.env.context.get("reclamation_complaint_status")
        ):
            raise UserError(
                self.env._(
                    "Whether a ticket is a complaint is settled when it is "
                    "received: it cannot be changed."
                )
            )
        if "team_id" not in vals or (
            self.env.su and self.env.context.get("reclamation_desk_move")
        ):
            return
        # Only the target team's flag is read, to refuse the change.
        team = self.env["helpdesk.ticket.team"].sudo().browse(vals["team_id"])
        if team.is_complaint_desk:
            return
        leaving = self.filtered(
            lambda ticket: ticket.is_complaint_desk and ticket.team_id != team
        )
        if leaving:
            raise UserError(
                self.env._(
                    "%(complaints)s: a complaint stays on the complaint desks. "
                    "If it is not a complaint, change its kind; a complaint "
                    "manager can move it off the desks, giving a reason.",
                    complaints=", ".join(leaving.mapped("display_name")),
                )
            )

    def _get_team_snapshot(self, vals):
        # The team also follows the assignee when it is empty (helpdesk_mgmt).
        if not {"team_id", "user_id"}.intersection(vals):
            return {}
        return {ticket: ticket.team_id for ticket in self}

    def _escalate_to_complaint(self, teams_before):
        """An open ticket moved onto a complaint desk is escalated: it becomes
        a complaint received now. Closed tickets never become complaints."""
        # Only the new team's flag is read (sudo): the user has just written
        # the team on these tickets.
        escalated = self.filtered(
            lambda ticket: ticket in teams_before
            and ticket.team_id != teams_before[ticket]
            and not ticket.is_complaint_desk
            and not ticket.closed
            and ticket.team_id.sudo().is_complaint_desk
        )
        if escalated:
            escalated._make_complaint()

    def _make_complaint(self, received_date=None):
        """Make these tickets complaints, received at ``received_date`` (now by
        default; False keeps theirs): their charter clock, acknowledgement and
        protection start then. Callers decided it: a ticket received or moved
        onto a desk by the user, or a desk confirmed by its manager."""
        vals = {"is_complaint_desk": True}
        if received_date is not False:
            vals["received_date"] = received_date or fields.Datetime.now()
        # The status is written by the product only (see
        # _check_complaint_status_write); the callers checked the change.
        self.sudo().with_context(reclamation_complaint_status=True).write(vals)

    def _move_off_complaint_desk(self, team, reason):
        """A complaint manager moves a complaint to a team that is not a
        complaint desk, for a reason logged as a decision. It stays a
        complaint, protected as such: the complaint managers, the DPO, the
        customer and the followers read it, not the members of that team."""
        self.ensure_one()
        if not self.env.user.has_group("reclamation_charter.group_reclamation_manager"):
            raise AccessError(
                self.env._(
                    "Only a complaint manager can move a complaint off the "
                    "complaint desks."
                )
            )
        if not (reason or "").strip():
            raise UserError(
                self.env._(
                    "Give the reason for moving the complaint off the complaint "
                    "desks."
                )
            )
        if team.is_complaint_desk:
            raise UserError(
                self.env._(
                    "%(team)s is a complaint desk: change the complaint's team "
                    "directly.",
                    team=team.display_name,
                )
            )
        self.check_access("write")
        before = self.team_id.display_name or ""
        # Checked just above: a complaint manager who may change this complaint.
        self.sudo().with_context(reclamation_desk_move=True).write({"team_id": team.id})
        self.env["reclamation.decision.log"]._log(
            "desk_move",
            self,
            before=before,
            after=team.display_name,
            reason=reason,
        )

    def action_open_desk_move(self):
        self.ensure_one()
        return self.env["ir.actions.act_window"]._for_xml_id(
            "reclamation_charter.reclamation_desk_move_action"
        ) | {"context": {"default_ticket_id": self.id}}

    def _clear_complaint_data(self):
        """A ticket that is not a complaint keeps no complaint data."""
        outside = self.filtered(
            lambda ticket: (
                not ticket.is_complaint_desk
                and any(ticket[name] for name in self._COMPLAINT_DATA_FIELDS)
            )
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

    # Withdrawal by the customer

    _WITHDRAWAL_CHANNELS = ("portal", "email", "phone", "post", "in_person")

    def _get_withdrawal_stage(self):
        """The stage a withdrawn complaint goes to: the product's "Withdrawn"
        stage, else the first closing stage of the complaint's team."""
        self.ensure_one()
        stage = self.env.ref(
            "reclamation_charter.helpdesk_ticket_stage_withdrawn",
            raise_if_not_found=False,
        )
        if stage and stage.sudo().closed:
            return stage.sudo()
        stages = self.sudo().team_id._get_applicable_stages()
        return stages.filtered("closed").sorted("sequence")[:1]

    def _is_withdrawn(self):
        self.ensure_one()
        stage = self.env.ref(
            "reclamation_charter.helpdesk_ticket_stage_withdrawn",
            raise_if_not_found=False,
        )
        return bool(stage) and self.sudo().stage_id == stage

    def _check_withdrawal_rights(self, channel):
        """On the portal, only the person who complains withdraws the
        complaint (not the person it is made for, nor a colleague); on other
        channels, a complaint handler who may change it records it."""
        if self.env.su:
            return
        if channel == "portal":
            self.check_access("read")
            if self.partner_id != self.env.user.partner_id:
                raise AccessError(
                    self.env._("Only the person who made a complaint can withdraw it.")
                )
            return
        if not self.env.user.has_group("reclamation_charter.group_reclamation_handler"):
            raise AccessError(
                self.env._("Only complaint handlers record a withdrawal.")
            )
        self.check_access("write")

    def _withdraw_complaint(self, reason=None, channel="portal"):
        """The customer withdraws the complaint: it is closed in the
        withdrawal stage, so it leaves the clocks and the alerts; the
        withdrawal and its reason are logged as a decision and noted in the
        chatter."""
        self.ensure_one()
        if channel not in self._WITHDRAWAL_CHANNELS:
            raise UserError(self.env._("Unknown withdrawal channel."))
        self._check_withdrawal_rights(channel)
        # The user's right was checked just above: read as the superuser.
        complaint = self.sudo()
        if not complaint.is_complaint_desk:
            raise UserError(
                self.env._(
                    "%(ticket)s is not a complaint: it cannot be withdrawn.",
                    ticket=complaint.display_name,
                )
            )
        if complaint.retention_phase == "anonymised":
            raise UserError(
                self.env._(
                    "%(ticket)s is anonymised: it cannot be withdrawn.",
                    ticket=complaint.display_name,
                )
            )
        if complaint._is_withdrawn():
            raise UserError(
                self.env._(
                    "%(ticket)s is already withdrawn.", ticket=complaint.display_name
                )
            )
        if complaint.closed:
            raise UserError(
                self.env._(
                    "%(ticket)s is closed: it can no longer be withdrawn.",
                    ticket=complaint.display_name,
                )
            )
        stage = complaint._get_withdrawal_stage()
        if not stage:
            raise UserError(
                self.env._(
                    "%(ticket)s cannot be withdrawn: its team has no closing stage.",
                    ticket=complaint.display_name,
                )
            )
        reason = (reason or "").strip() or False
        before = complaint.stage_id
        # Checked just above (the complainant, or a handler who may change
        # it); the stage change closes it and ends its pause, if any. A
        # withdrawal needs no root cause (_requires_closure_review).
        complaint.with_context(reclamation_withdrawal=True)._write_managed(
            {"stage_id": stage.id}
        )
        channels = {
            "portal": self.env._("on the portal"),
            "email": self.env._("by email"),
            "phone": self.env._("by phone"),
            "post": self.env._("by post"),
            "in_person": self.env._("in person"),
        }
        self.env["reclamation.decision.log"]._log(
            "withdrawal",
            complaint,
            before=before.name or "",
            after=self.env._(
                "%(stage)s (withdrawn %(channel)s)",
                stage=stage.name,
                channel=channels[channel],
            ),
            before_values={"stage_id": before},
            after_values={"stage_id": stage},
            reason=reason,
        )
        if reason:
            body = self.env._(
                "The customer withdrew the complaint %(channel)s. Reason: %(reason)s",
                channel=channels[channel],
                reason=reason,
            )
        else:
            body = self.env._(
                "The customer withdrew the complaint %(channel)s, giving no reason.",
                channel=channels[channel],
            )
        complaint.message_post(
            body=body,
            author_id=self.env.user.partner_id.id,
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        return True
