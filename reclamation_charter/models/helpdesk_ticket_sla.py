# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.fields import Domain
from odoo.tools import SQL, format_datetime

from ..tools.working_schedule import AlwaysOpenSchedule, HorizonError

ALERT_BATCH_SIZE = 500
# Days of working intervals loaded past the last receipt to answer deadlines;
# doubled on demand for longer ones.
SLA_HORIZON_DAYS = 200
SLA_STATUSES = [
    ("on_track", "On track"),
    ("at_risk", "At risk"),
    ("paused", "Paused"),
    ("breached", "Breached"),
    ("met", "Met"),
    ("met_late", "Met late"),
]


# One concern of the complaint per file, as mail splits mail.thread.
# pylint: disable=consider-merging-classes-inherited
class HelpdeskTicket(models.Model):
    """Deadlines of a complaint (charter articles 2, 4 and 8): the policy
    that applies, exact deadlines on its working calendar, pauses, holding
    letters, the deadline status and the alerts."""

    _inherit = "helpdesk.ticket"

    # Stored (helpdesk_mgmt computes it from the stage on every read): open
    # complaints are what the desk lists, counts and alerts on, and an index
    # can only select them on a column.
    closed = fields.Boolean(store=True)

    # The complaint desk's list (helpdesk_ticket_action_complaint), the most
    # urgent deadline first: its first page reads the head of this index.
    _open_complaint_deadline_idx = models.Index(
        "(resolution_deadline, id) WHERE is_complaint_desk IS TRUE "
        "AND closed IS NOT TRUE"
    )

    sla_policy_id = fields.Many2one(
        comodel_name="reclamation.sla.policy",
        string="Deadline policy",
        compute="_compute_sla_policy_id",
        store=True,
        index="btree_not_null",
        help="The most specific policy matching the complaint's team, category, "
        "complexity and priority.",
    )
    sla_calendar_id = fields.Many2one(
        comodel_name="resource.calendar",
        string="Deadline calendar",
        compute="_compute_sla_deadlines",
        store=True,
        help="The policy's calendar, else the team's, else the company's; empty "
        "when none exists and deadlines run 24/7.",
    )
    sla_explanation = fields.Char(
        string="How deadlines are counted",
        compute="_compute_sla_explanation",
        help="The policy and the calendar the deadlines are counted on, in the "
        "reader's language.",
    )
    ack_deadline = fields.Datetime(
        string="Acknowledge by",
        compute="_compute_sla_deadlines",
        store=True,
        index="btree_not_null",
    )
    resolution_deadline = fields.Datetime(
        string="Answer by",
        compute="_compute_sla_deadlines",
        store=True,
        index="btree_not_null",
    )
    update_deadline = fields.Datetime(
        string="Next update by",
        compute="_compute_sla_deadlines",
        store=True,
        index="btree_not_null",
        help="When the customer must hear from us again if nothing else happens.",
    )
    sla_risk_date = fields.Datetime(
        string="At risk from",
        compute="_compute_sla_deadlines",
        store=True,
        index="btree_not_null",
    )
    sla_ceiling_date = fields.Datetime(
        string="Legal ceiling",
        compute="_compute_sla_deadlines",
        store=True,
        help="The answer deadline cannot pass this date without a holding letter.",
    )
    resolution_extended_to = fields.Datetime(
        string="Extended to",
        copy=False,
        readonly=True,
        help="Answer deadline set by a holding letter sent to the customer.",
    )
    resolution_extension_reason = fields.Text(
        string="Reason for the extension", copy=False, readonly=True
    )
    sla_extension_limit_date = fields.Datetime(
        string="Holding letters up to",
        compute="_compute_sla_deadlines",
        store=True,
        help="The latest a holding letter may set the answer, by the policy.",
    )
    sla_last_update_date = fields.Datetime(
        string="Customer last updated on",
        copy=False,
        help="Last customer-visible step: the update clock runs from it.",
    )
    sla_paused_since = fields.Datetime(string="Paused since", copy=False, readonly=True)
    sla_paused_seconds = fields.Float(
        string="Time paused (seconds)",
        copy=False,
        readonly=True,
        help="Working time (or elapsed time, for deadlines in calendar days or "
        "months) spent in pause stages; added to the answer deadline.",
    )
    sla_alert_level = fields.Selection(
        selection=[("at_risk", "At risk"), ("breached", "Breached")],
        string="Alert sent",
        copy=False,
        readonly=True,
        index="btree_not_null",
        help="The last deadline alert sent for this complaint: each is sent once.",
    )
    sla_update_reminded_for = fields.Datetime(
        string="Update reminder sent for",
        copy=False,
        readonly=True,
        help="The update deadline the last reminder was about.",
    )
    sla_success = fields.Float(
        string="Answered on time (%)",
        compute="_compute_sla_success",
        store=True,
        aggregator="avg",
        help="100 for a closed complaint answered by its deadline, 0 when late "
        "(and 0 while open): its average over answered complaints is the success "
        "rate.",
    )
    sla_status = fields.Selection(
        selection=SLA_STATUSES,
        string="Deadline status",
        compute="_compute_sla_status",
        search="_search_sla_status",
    )

    @api.depends(
        "is_charter_complaint",
        "company_id",
        "team_id",
        "category_id",
        "complexity",
        "priority",
    )
    def _compute_sla_policy_id(self):
        complaints = self.filtered("is_charter_complaint")
        (self - complaints).sla_policy_id = False
        if complaints:
            for ticket, policy in (
                self.env["reclamation.sla.policy"]._select_for(complaints).items()
            ):
                ticket.sla_policy_id = policy.sudo(False)

    def _get_sla_calendar(self):
        self.ensure_one()
        return (
            self.sla_policy_id.calendar_id
            or self.team_id.resource_calendar_id
            or self.company_id.resource_calendar_id
        )

    @api.depends(
        "sla_policy_id",
        "received_date",
        "written_complaint_date",
        "sla_paused_seconds",
        "sla_last_update_date",
        "resolution_extended_to",
        "sla_restart_date",
    )
    def _compute_sla_deadlines(self):
        # Calendar changes (team, company, calendar, holidays) are applied to
        # open complaints only, by _recompute_sla_deadlines: closed ones keep
        # the deadlines they were handled under.
        complaints = self.filtered("sla_policy_id")
        (self - complaints).update(dict.fromkeys(self._SLA_COMPUTED_FIELDS, False))
        by_calendar = defaultdict(lambda: self.browse())
        for ticket in complaints:
            by_calendar[ticket._get_sla_calendar()] |= ticket
        now = fields.Datetime.now()
        for calendar, tickets in by_calendar.items():
            # Paused working time pushes deadlines further: one more day of
            # intervals per hour paused is ample; HorizonError extends it anyway.
            days = SLA_HORIZON_DAYS + max(tickets.mapped("sla_paused_seconds")) / 3600
            while True:
                schedule = self._get_sla_schedule(calendar, tickets, days, now)
                try:
                    values = {t: t._get_sla_values(schedule, now) for t in tickets}
                    break
                except HorizonError:
                    days *= 2
            for ticket, vals in values.items():
                ticket.update(dict(vals, sla_calendar_id=calendar))

    _SLA_COMPUTED_FIELDS = (
        "sla_calendar_id",
        "ack_deadline",
        "resolution_deadline",
        "update_deadline",
        "sla_risk_date",
        "sla_ceiling_date",
        "sla_extension_limit_date",
    )

    @api.model
    def _get_sla_schedule(self, calendar, tickets, days, now):
        if not calendar:
            return AlwaysOpenSchedule()
        receipts = [t.received_date or now for t in tickets]
        # A refused offer or an appeal restarts the answer clock later on.
        starts = [t.sla_restart_date or t.received_date or now for t in tickets]
        return calendar._reclamation_schedule(
            min(receipts) - timedelta(days=2), max(starts) + timedelta(days=days)
        )

    @api.depends("sla_policy_id.name", "sla_calendar_id.name", "sla_calendar_id.tz")
    @api.depends_context("lang")
    def _compute_sla_explanation(self):
        """Rendered when read, in the reader's language, from the stored
        policy and calendar: one basis per calendar for a whole list."""
        bases = {}
        for ticket in self:
            if not ticket.sla_policy_id:
                ticket.sla_explanation = False
                continue
            calendar = ticket.sla_calendar_id
            if calendar not in bases:
                bases[calendar] = self._get_sla_basis(calendar)
            ticket.sla_explanation = self.env._(
                "%(policy)s · %(basis)s",
                policy=ticket.sla_policy_id.name,
                basis=bases[calendar],
            )

    @api.model
    def _get_sla_basis(self, calendar):
        if not calendar:
            return self.env._(
                "24/7: no working calendar on the policy, team or company"
            )
        return self.env._(
            "%(calendar)s (%(tz)s), public holidays excluded",
            calendar=calendar.display_name,
            tz=calendar.tz or "UTC",
        )

    def _get_sla_values(self, schedule, now):
        """Deadlines of one complaint on ``schedule`` (see WorkingSchedule)."""
        self.ensure_one()
        policy = self.sla_policy_id
        received = self.received_date or now
        # A refused offer or an appeal gives a new answer deadline, counted
        # from then (see _restart_answer_clock).
        clock_start = self.sla_restart_date or received
        resolution = schedule.deadline(
            clock_start, policy.resolution_amount, policy.resolution_unit
        )
        if self.sla_paused_seconds:
            if policy.resolution_unit.startswith("working"):
                resolution = schedule.add_working_seconds(
                    resolution, self.sla_paused_seconds
                )
            else:
                resolution += timedelta(seconds=self.sla_paused_seconds)
        ceiling = False
        if policy.legal_ceiling_amount and not self.sla_restart_date:
            start = received
            if self.written_complaint_date:
                # The written complaint's day, counted as a day of receipt.
                start = schedule.end_of_local_day(self.written_complaint_date)
            ceiling = schedule.deadline(
                start, policy.legal_ceiling_amount, policy.legal_ceiling_unit
            )
            resolution = min(resolution, ceiling)
        extension_limit = policy.extension_limit_amount and schedule.deadline(
            clock_start, policy.extension_limit_amount, policy.extension_limit_unit
        )
        if self.resolution_extended_to:
            # A holding letter sets the date, past the ceiling if need be.
            resolution = self.resolution_extended_to
        budget = schedule.working_seconds_between(clock_start, resolution)
        return {
            "ack_deadline": schedule.deadline(
                received, policy.ack_amount, policy.ack_unit
            ),
            "resolution_deadline": resolution,
            "update_deadline": schedule.deadline(
                self.sla_last_update_date or received,
                policy.update_amount,
                policy.update_unit,
            ),
            "sla_risk_date": schedule.add_working_seconds(
                clock_start, budget * policy.risk_threshold / 100.0
            ),
            "sla_ceiling_date": ceiling,
            "sla_extension_limit_date": extension_limit or False,
        }

    @api.depends(
        "resolution_deadline",
        "sla_risk_date",
        "sla_paused_since",
        "closed",
        "closed_date",
    )
    def _compute_sla_status(self):
        now = fields.Datetime.now()
        for ticket in self:
            deadline = ticket.resolution_deadline
            if not deadline:
                ticket.sla_status = False
            elif ticket.closed:
                late = (ticket.closed_date or now) > deadline
                ticket.sla_status = "met_late" if late else "met"
            elif ticket.sla_paused_since:
                ticket.sla_status = "paused"
            elif now > deadline:
                ticket.sla_status = "breached"
            elif ticket.sla_risk_date and now >= ticket.sla_risk_date:
                ticket.sla_status = "at_risk"
            else:
                ticket.sla_status = "on_track"

    @api.depends("resolution_deadline", "closed_date", "stage_id.closed")
    def _compute_sla_success(self):
        for ticket in self:
            if ticket.resolution_deadline and ticket.closed and ticket.closed_date:
                on_time = ticket.closed_date <= ticket.resolution_deadline
                ticket.sla_success = 100.0 if on_time else 0.0
            else:
                ticket.sla_success = False

    def _field_to_sql(self, alias, field_expr, query=None):
        """The deadline status in SQL, from the stored dates and now: it can be
        grouped, sorted and searched at any time without a cron."""
        if field_expr != "sla_status":
            return super()._field_to_sql(alias, field_expr, query)
        now = fields.Datetime.now()

        def column(name):
            return self._field_to_sql(alias, name, query)

        deadline = column("resolution_deadline")
        return SQL(
            """CASE
                WHEN %(deadline)s IS NULL THEN NULL
                WHEN %(closed)s THEN CASE
                    WHEN COALESCE(%(closed_date)s, %(now)s) > %(deadline)s
                    THEN 'met_late' ELSE 'met' END
                WHEN %(paused)s IS NOT NULL THEN 'paused'
                WHEN %(now)s > %(deadline)s THEN 'breached'
                WHEN %(risk)s <= %(now)s THEN 'at_risk'
                ELSE 'on_track'
            END""",
            deadline=deadline,
            closed=SQL("COALESCE(%s, FALSE)", column("closed")),
            closed_date=column("closed_date"),
            paused=column("sla_paused_since"),
            risk=column("sla_risk_date"),
            now=now,
        )

    def _search_sla_status(self, operator, value):
        if operator not in ("in", "="):
            return NotImplemented
        values = {value} if operator == "=" else set(value)
        now = fields.Datetime.now()
        has_deadline = Domain("resolution_deadline", "!=", False)
        is_open = has_deadline & Domain("closed", "=", False)
        running = is_open & Domain("sla_paused_since", "=", False)
        domains = {
            "on_track": running
            & Domain("resolution_deadline", ">=", now)
            & (Domain("sla_risk_date", "=", False) | Domain("sla_risk_date", ">", now)),
            "at_risk": running
            & Domain("resolution_deadline", ">=", now)
            & Domain("sla_risk_date", "<=", now),
            "paused": is_open & Domain("sla_paused_since", "!=", False),
            "breached": running & Domain("resolution_deadline", "<", now),
            "met": has_deadline
            & Domain("closed", "=", True)
            & Domain.custom(
                to_sql=lambda model, alias, query: SQL(
                    "%s <= %s",
                    model._field_to_sql(alias, "closed_date", query),
                    model._field_to_sql(alias, "resolution_deadline", query),
                )
            ),
            "met_late": has_deadline
            & Domain("closed", "=", True)
            & Domain.custom(
                to_sql=lambda model, alias, query: SQL(
                    "%s > %s",
                    model._field_to_sql(alias, "closed_date", query),
                    model._field_to_sql(alias, "resolution_deadline", query),
                )
            ),
        }
        return Domain.OR(domains[v] for v in values if v in domains)

    # What moves deadlines, and how a move is explained in the chatter.
    _SLA_TRIGGERS = (
        "complexity",
        "category_id",
        "team_id",
        "priority",
        "written_complaint_date",
        "received_date",
        "complaint_kind",
        "stage_id",
    )

    def _get_sla_trigger_labels(self, triggers):
        labels = {
            "complexity": self.env._("the complexity changed"),
            "category_id": self.env._("the category changed"),
            "team_id": self.env._("the team changed"),
            "priority": self.env._("the priority changed"),
            "written_complaint_date": self.env._(
                "the date of the written complaint changed"
            ),
            "received_date": self.env._("the date of receipt changed"),
            "complaint_kind": self.env._("the kind of request changed"),
            "stage_id": self.env._("the time spent in a pause stage was added"),
        }
        return [labels[key] for key in triggers]

    _SLA_DEADLINES = ("ack_deadline", "resolution_deadline", "update_deadline")

    def _get_sla_snapshot(self):
        return {
            ticket.id: {name: ticket[name] for name in self._SLA_DEADLINES}
            for ticket in self
        }

    def _log_sla_moves(self, before, reason):
        """Post, on each complaint whose deadlines moved, which ones, from
        when to when, under which policy, and why.

        The decision log keeps the dates themselves, shown to each reader in
        their language and time zone. The chatter note is text, written once:
        in the language of the user whose change moved the deadlines, dates in
        the time zone of the complaint's calendar, which it names."""
        labels = {
            name: self._fields[name].get_description(self.env)["string"]
            for name in self._SLA_DEADLINES
        }
        # {ticket: {deadline: (old text, new text)}} of the complaints whose
        # deadlines moved, and which moved: logged in one insert, then posted
        # one by one.
        texts, moved_names = {}, {}
        for ticket in self:
            old = before.get(ticket.id, {})
            moved = [n for n in self._SLA_DEADLINES if old.get(n) != ticket[n]]
            if not moved:
                continue
            moved_names[ticket] = moved
            calendar = ticket._get_sla_calendar()
            tz = calendar.tz if calendar and calendar.tz else "UTC"

            def text(value, tz=tz):
                if not value:
                    return "—"
                date = format_datetime(self.env, value, tz=tz, dt_format="short")
                return f"{date} ({tz})"

            texts[ticket] = {
                n: (text(old.get(n)), text(ticket[n])) for n in self._SLA_DEADLINES
            }
        if not texts:
            return
        self.env["reclamation.decision.log"]._log(
            "deadline",
            self.browse(ticket.id for ticket in texts),
            before=lambda t: "; ".join(
                f"{labels[n]}: {texts[t][n][0]}" for n in self._SLA_DEADLINES
            ),
            after=lambda t: "; ".join(
                f"{labels[n]}: {texts[t][n][1]}" for n in self._SLA_DEADLINES
            ),
            before_values=lambda t: {
                n: before.get(t.id, {}).get(n) for n in self._SLA_DEADLINES
            },
            after_values=lambda t: {n: t[n] for n in self._SLA_DEADLINES},
            reason=reason,
        )
        for ticket, moved in moved_names.items():
            moves = [
                self.env._(
                    "%(deadline)s: %(old)s → %(new)s",
                    deadline=labels[name],
                    old=texts[ticket][name][0],
                    new=texts[ticket][name][1],
                )
                for name in moved
            ]
            ticket.message_post(
                body=self.env._(
                    "Deadlines recomputed (policy %(policy)s) because %(reason)s: "
                    "%(moves)s.",
                    policy=ticket.sla_policy_id.name or "—",
                    reason=reason,
                    moves="; ".join(moves),
                ),
                message_type="notification",
                subtype_xmlid="mail.mt_note",
            )

    def _recompute_sla_deadlines(self, reason):
        """Recompute the deadlines of open complaints after a change outside
        them (policy, calendar, public holiday), logging each move."""
        for offset in range(0, len(self), 500):
            batch = self[offset : offset + 500].filtered(lambda t: not t.closed)
            before = batch._get_sla_snapshot()
            self.env.add_to_compute(self._fields["sla_policy_id"], batch)
            for name in self._SLA_COMPUTED_FIELDS:
                self.env.add_to_compute(self._fields[name], batch)
            batch.flush_recordset()
            batch._log_sla_moves(before, reason)

    def _update_sla_pause(self):
        """Stop the answer clock in pause stages, restart it on leaving them
        and add the time spent paused, in the policy's kind of time. One
        working schedule per calendar for all the complaints resuming."""
        # Called from the complaint's own create and write: the user is
        # changing these complaints (or the superuser is).
        self.check_access("write")
        now = fields.Datetime.now()
        entering = self.filtered(
            lambda t: not t.sla_paused_since
            and not t.closed
            and t.stage_id in t.sla_policy_id.pause_stage_ids
        )
        leaving = self.filtered(
            lambda t: t.sla_paused_since
            and (t.closed or t.stage_id not in t.sla_policy_id.pause_stage_ids)
        )
        entering._write_managed({"sla_paused_since": now})
        working = leaving.filtered(
            lambda t: t.sla_policy_id.resolution_unit.startswith("working")
        )
        schedules = {}
        for calendar in {t._get_sla_calendar() for t in working}:
            since = min(
                t.sla_paused_since for t in working if t._get_sla_calendar() == calendar
            )
            schedules[calendar] = (
                calendar._reclamation_schedule(
                    since - timedelta(days=1), now + timedelta(days=1)
                )
                if calendar
                else AlwaysOpenSchedule()
            )
        # One write per total paused time: complaints paused and resumed
        # together share it.
        ids_by_total = defaultdict(list)
        working_ids = set(working.ids)
        for ticket in leaving:
            since = ticket.sla_paused_since
            if ticket.id in working_ids:
                schedule = schedules[ticket._get_sla_calendar()]
                paused = schedule.working_seconds_between(since, now)
            else:
                paused = (now - since).total_seconds()
            ids_by_total[ticket.sla_paused_seconds + paused].append(ticket.id)
        for total, ids in ids_by_total.items():
            self.browse(ids)._write_managed(
                {"sla_paused_seconds": total, "sla_paused_since": False}
            )

    def _message_post_after_hook(self, message, msg_vals):
        """A message the customer can read, written by the association,
        restarts the update clock; one of the customer or of the person
        represented (who follows the complaint on the portal) does not."""
        res = super()._message_post_after_hook(message, msg_vals)
        if (
            self.sla_policy_id
            and message.subtype_id
            and not message.subtype_id.internal
            and message.message_type in ("comment", "auto_comment")
            and not self._is_customer_side_author(message.author_id)
        ):
            # message_post checked that the author may post on the complaint.
            self._write_managed(
                {"sla_last_update_date": message.date or fields.Datetime.now()}
            )
        return res

    def _is_customer_side_author(self, author):
        """The complainant, the person they represent, or anyone writing from
        the portal (a follower, a colleague): their messages are no update
        from the association."""
        self.ensure_one()
        return bool(author) and (
            author in (self.partner_id | self.represented_partner_id)
            or any(user.share for user in author.user_ids)
        )

    def _extend_resolution_deadline(self, new_date, reason):
        """Holding letter: tell the customer why and until when, and move the
        answer deadline to the end of that day (charter article 2)."""
        self.ensure_one()
        reason = (reason or "").strip()
        if not reason:
            raise UserError(self.env._("A holding letter must give the reason."))
        today = fields.Date.context_today(self)
        if not new_date or new_date < today:
            raise UserError(self.env._("The new answer date cannot be in the past."))
        if not self.is_charter_complaint or self.closed:
            raise UserError(
                self.env._("Only an open complaint under the charter can be extended.")
            )
        self._check_processing_allowed(self.env._("sending a holding letter"))
        self._check_holding_letter_rights()
        calendar = self._get_sla_calendar()
        new_deadline = (
            AlwaysOpenSchedule(calendar.tz if calendar else "UTC")
        ).end_of_local_day(new_date)
        if self.resolution_deadline and new_deadline <= self.resolution_deadline:
            raise UserError(
                self.env._(
                    "The new answer date must be later than the current deadline "
                    "(%(deadline)s).",
                    deadline=format_datetime(self.env, self.resolution_deadline),
                )
            )
        limit = self.sla_extension_limit_date
        if limit and new_deadline > limit:
            raise UserError(
                self.env._(
                    "Under the policy %(policy)s a holding letter can set the "
                    "answer on %(limit)s at the latest.",
                    policy=self.sla_policy_id.name,
                    limit=format_datetime(self.env, limit),
                )
            )
        before = self._get_sla_snapshot()
        self._write_managed(
            {
                "resolution_extended_to": new_deadline,
                "resolution_extension_reason": reason,
            }
        )
        self._post_customer_letter(
            self.env.ref("reclamation_charter.mail_template_complaint_holding_letter"),
            message_type="comment",
        )
        previous = before[self.id]["resolution_deadline"]
        self.env["reclamation.decision.log"]._log(
            "extension",
            self,
            before=format_datetime(self.env, previous) if previous else "—",
            after=format_datetime(self.env, self.resolution_deadline),
            before_values={"resolution_deadline": previous},
            after_values={"resolution_deadline": self.resolution_deadline},
            reason=reason,
        )
        self._log_sla_moves(before, self.env._("a holding letter was sent"))

    def _check_holding_letter_rights(self):
        """Complaint handlers of the complaint's desk send holding letters."""
        if not (
            self.env.su
            or self.env.user.has_group("reclamation_charter.group_reclamation_handler")
        ):
            raise AccessError(
                self.env._("Only complaint handlers send holding letters.")
            )
        self.check_access("write")

    def action_open_holding_letter(self):
        self.ensure_one()
        return self.env["ir.actions.act_window"]._for_xml_id(
            "reclamation_charter.reclamation_holding_letter_action"
        ) | {"context": {"default_ticket_id": self.id}}

    # Alerts (charter articles 2 and 9)

    @api.model
    def _get_sla_alert_domain(self, now):
        """Open, running complaints that crossed a threshold not alerted yet,
        or whose update deadline passed without a reminder: only those are
        read, through the indexes on the dates."""
        running = Domain("closed", "=", False) & Domain("sla_paused_since", "=", False)
        risk = Domain("sla_risk_date", "<=", now) & Domain(
            "sla_alert_level", "=", False
        )
        breach = Domain("resolution_deadline", "<", now) & (
            Domain("sla_alert_level", "!=", "breached")
        )
        update = Domain("update_deadline", "<=", now) & Domain.custom(
            to_sql=lambda model, alias, query: SQL(
                "%s IS DISTINCT FROM %s",
                model._field_to_sql(alias, "update_deadline", query),
                model._field_to_sql(alias, "sla_update_reminded_for", query),
            )
        )
        return (
            Domain("is_charter_complaint", "=", True)
            & running
            & (risk | breach | update)
        )

    @api.model
    def _cron_sla_alerts(self, batch_size=ALERT_BATCH_SIZE):
        now = fields.Datetime.now()
        domain = self._get_sla_alert_domain(now)
        while True:
            tickets = self.search(domain, limit=batch_size, order="id")
            if not tickets:
                break
            # Another run may hold some of them: skip those, they are its.
            self.env.cr.execute(
                SQL(
                    "SELECT id FROM helpdesk_ticket WHERE id IN %s "
                    "FOR UPDATE SKIP LOCKED",
                    tuple(tickets.ids),
                )
            )
            locked = self.browse(row[0] for row in self.env.cr.fetchall())
            locked.invalidate_recordset()
            done = locked.filtered_domain(domain)._send_sla_alerts(now)
            remaining = self.search_count(domain) if done else 0
            if not self.env["ir.cron"]._commit_progress(len(done), remaining=remaining):
                break
            if not done:
                break

    def _send_sla_alerts(self, now):
        """Activities for the owner (and the escalation user on a breach),
        each threshold once. Returns the complaints handled."""
        # The alerts job runs as the superuser; anyone else must be able to
        # change the complaints.
        self.check_access("write")
        activities = []
        breached = self.filtered(
            lambda t: t.resolution_deadline < now and t.sla_alert_level != "breached"
        )
        at_risk = (self - breached).filtered(
            lambda t: (
                t.sla_risk_date and t.sla_risk_date <= now and not t.sla_alert_level
            )
        )
        update_due = self.filtered(
            lambda t: (
                t.update_deadline
                and t.update_deadline <= now
                and t.update_deadline != t.sla_update_reminded_for
            )
        )
        types = {
            "at_risk": self.env.ref(
                "reclamation_charter.mail_activity_type_complaint_at_risk"
            ),
            "breached": self.env.ref(
                "reclamation_charter.mail_activity_type_complaint_breached"
            ),
            "update": self.env.ref(
                "reclamation_charter.mail_activity_type_complaint_update"
            ),
        }
        model_id = self.env["ir.model"]._get_id("helpdesk.ticket")
        today = fields.Date.context_today(self)
        for kind, tickets in (
            ("at_risk", at_risk),
            ("breached", breached),
            ("update", update_due),
        ):
            for ticket in tickets:
                users = ticket._get_sla_alert_users(escalate=kind == "breached")
                activities += [
                    {
                        "res_model_id": model_id,
                        "res_id": ticket.id,
                        "activity_type_id": types[kind].id,
                        "summary": types[kind].summary,
                        "user_id": user.id,
                        "date_deadline": today,
                    }
                    for user in users
                ]
        if activities:
            # One batch for all; no "assigned to you" email per alert (a
            # message and a mail each, thousands on a busy day): the owners
            # find them in their activities, notified live on the bus.
            self.env["mail.activity"].with_context(
                mail_activity_quick_update=True
            ).create(activities)
        at_risk._write_managed({"sla_alert_level": "at_risk"})
        breached._write_managed({"sla_alert_level": "breached"})
        if update_due:
            # One statement for all: each remembers its own update deadline.
            update_due.flush_recordset(["update_deadline"])
            self.env.cr.execute(
                SQL(
                    "UPDATE helpdesk_ticket SET sla_update_reminded_for = "
                    "update_deadline WHERE id IN %s",
                    tuple(update_due.ids),
                )
            )
            update_due.invalidate_recordset(["sla_update_reminded_for"])
        return at_risk | breached | update_due

    def _get_sla_alert_users(self, escalate=False):
        self.ensure_one()
        owner = self.owner_id or self.user_id or self.team_id.user_id
        users = owner
        if escalate:
            users |= self.sla_policy_id.escalation_user_id or self.team_id.user_id
        return users or self.env.ref("base.user_admin")
