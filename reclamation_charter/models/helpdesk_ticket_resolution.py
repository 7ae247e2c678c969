# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import format_date, format_datetime

from .reclamation_resolution import ANSWER_CHANNELS, OUTCOMES

APPEAL_STATES = [
    ("none", "No appeal possible"),
    ("open", "Appeal possible"),
    ("requested", "Appeal requested"),
    ("decided", "Appeal decided"),
]


# One concern of the complaint per file, as mail splits mail.thread.
# pylint: disable=consider-merging-classes-inherited
class HelpdeskTicket(models.Model):
    """Decisions on a complaint, amicable offers and the internal appeal
    (charter article 4)."""

    _inherit = "helpdesk.ticket"

    resolution_ids = fields.One2many(
        comodel_name="reclamation.resolution",
        inverse_name="ticket_id",
        string="Decisions",
    )
    resolution_count = fields.Integer(
        string="Decisions (count)", compute="_compute_resolution_count"
    )
    resolution_outcome = fields.Selection(
        selection=OUTCOMES,
        string="Outcome",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The outcome of the latest decision sent to the customer.",
    )
    appeal_state = fields.Selection(
        selection=APPEAL_STATES,
        string="Internal appeal",
        default="none",
        readonly=True,
        copy=False,
        help="Whether the customer may still appeal the decision, has appealed, "
        "or the appeal was decided.",
    )
    appeal_deadline = fields.Date(
        string="Appeal possible until",
        readonly=True,
        copy=False,
        help="The last day the customer may ask for an internal appeal of a "
        "full or partial rejection.",
    )
    appeal_requested_on = fields.Datetime(
        string="Appeal requested on", readonly=True, copy=False
    )
    appeal_reason = fields.Text(
        string="Reason for the appeal",
        readonly=True,
        copy=False,
        help="Why the customer asks for the decision to be reviewed, in their words.",
    )
    appeal_channel = fields.Selection(
        selection=ANSWER_CHANNELS, string="Appeal received through", readonly=True
    )
    sla_restart_date = fields.Datetime(
        string="Answer clock restarted on",
        readonly=True,
        copy=False,
        help="When a refused offer or an appeal gave the complaint a new answer "
        "deadline, counted from then under its policy.",
    )

    @api.depends("resolution_ids")
    def _compute_resolution_count(self):
        # The form reads the decisions anyway (its "Decisions" tab): counted
        # from them, in the same query.
        for ticket in self:
            ticket.resolution_count = len(ticket.resolution_ids)

    # Shared with the portal

    def _reclamation_can_appeal(self):
        """Whether the customer may still ask for an internal appeal: a full
        or partial rejection was sent, its window is open, and no appeal was
        made yet."""
        self.ensure_one()
        complaint = self.sudo()
        return bool(
            complaint.appeal_state == "open"
            and complaint.appeal_deadline
            and complaint.appeal_deadline >= fields.Date.context_today(self)
        )

    def _reclamation_pending_offer(self):
        """The decision whose amicable offer awaits the customer's answer, or
        an empty recordset."""
        self.ensure_one()
        return self.sudo().resolution_ids.filtered(
            lambda r: r.state == "sent" and r.is_offer and r.offer_state == "pending"
        )[:1]

    def _get_first_decision(self):
        """The decision an appeal is about: the latest first-instance
        decision sent."""
        self.ensure_one()
        return self.resolution_ids.filtered(
            lambda r: r.state == "sent" and not r.is_appeal
        ).sorted(lambda r: (r.decided_on, r.id), reverse=True)[:1]

    # Stages

    def _get_answered_stage(self):
        """Where a complaint goes when its decision is sent: the first closing
        stage of its desk that is not the product's withdrawal or amicable
        stage, preferring one that sends no "ticket closed" email of its own
        (the response is the letter)."""
        self.ensure_one()
        special = self.env["helpdesk.ticket.stage"]
        for xmlid in (
            "reclamation_charter.helpdesk_ticket_stage_withdrawn",
            "reclamation_charter.helpdesk_ticket_stage_resolved_amicably",
        ):
            special |= self.env.ref(xmlid, raise_if_not_found=False) or special
        stages = (
            self.sudo()
            .team_id._get_applicable_stages()
            .filtered(lambda s: s.closed and s not in special)
            .sorted("sequence")
        )
        return stages.filtered(lambda s: not s.mail_template_id)[:1] or stages[:1]

    def _get_amicable_stage(self):
        self.ensure_one()
        stage = self.env.ref(
            "reclamation_charter.helpdesk_ticket_stage_resolved_amicably",
            raise_if_not_found=False,
        )
        if stage and stage.sudo().closed:
            return stage.sudo()
        return self._get_answered_stage()

    def _get_reopen_stage(self):
        """Where a complaint reopened by a refused offer or an appeal goes:
        the first open stage of its desk that does not pause its clock."""
        self.ensure_one()
        complaint = self.sudo()
        pauses = complaint.sla_policy_id.pause_stage_ids
        stages = (
            complaint.team_id._get_applicable_stages()
            .filtered(lambda s: not s.closed and s not in pauses)
            .sorted("sequence")
        )
        return stages.filtered(lambda s: not s.unattended)[:1] or stages[:1]

    # Decision sent

    def _apply_decision_sent(self, resolution):
        """The complaint once ``resolution`` is sent: its outcome, the appeal
        window, and the desk's answered stage. Called by
        ``reclamation.resolution.action_send`` after its checks."""
        self.ensure_one()
        complaint = self.sudo()
        stage = complaint._get_answered_stage()
        if not stage:
            raise UserError(
                self.env._(
                    "%(ticket)s cannot be answered: its team has no closing stage.",
                    ticket=complaint.display_name,
                )
            )
        before = {
            "stage_id": complaint.stage_id,
            "resolution_outcome": complaint.resolution_outcome,
            "appeal_state": complaint.appeal_state,
        }
        vals = {"resolution_outcome": resolution.outcome, "stage_id": stage.id}
        if resolution.is_appeal:
            vals["appeal_state"] = "decided"
        elif resolution.appeal_deadline:
            vals.update(appeal_state="open", appeal_deadline=resolution.appeal_deadline)
        complaint._write_managed(vals)
        labels = dict(
            self._fields["resolution_outcome"]._description_selection(self.env)
        )
        after = {
            "stage_id": stage,
            "resolution_outcome": resolution.outcome,
            "appeal_state": complaint.appeal_state,
        }
        if complaint.appeal_deadline and not resolution.is_appeal:
            after["appeal_deadline"] = complaint.appeal_deadline
        if resolution.is_offer:
            text = self.env._(
                "Amicable offer (%(outcome)s) sent by %(user)s",
                outcome=labels[resolution.outcome],
                user=resolution.decided_by_id.name,
            )
        else:
            text = self.env._(
                "%(outcome)s, sent by %(user)s",
                outcome=labels[resolution.outcome],
                user=resolution.decided_by_id.name,
            )
        self.env["reclamation.decision.log"]._log(
            "appeal_outcome" if resolution.is_appeal else "outcome",
            complaint,
            before=labels.get(before["resolution_outcome"], "") or "—",
            after=text,
            before_values=before,
            after_values=after,
            reason=resolution.rationale,
        )

    # Offers

    def _apply_offer_answer(self, resolution, accept, channel):
        """The complaint once the customer answered the offer of
        ``resolution``: accepted, closed as resolved amicably; refused, back
        to its owner, open, with a new answer deadline. Logged."""
        self.ensure_one()
        complaint = self.sudo()
        channels = dict(ANSWER_CHANNELS)
        before_stage = complaint.stage_id
        if accept:
            stage = complaint._get_amicable_stage()
            complaint._write_managed({"stage_id": stage.id})
            after = self.env._(
                "Offer accepted (%(channel)s): %(stage)s",
                channel=channels[channel],
                stage=stage.name,
            )
        else:
            stage = complaint._get_reopen_stage()
            vals = {"stage_id": stage.id}
            if complaint.owner_id:
                vals["user_id"] = complaint.owner_id.id
            complaint._write_managed(vals)
            complaint._restart_answer_clock(
                self.env._("the customer refused the amicable offer")
            )
            after = self.env._(
                "Offer refused (%(channel)s): back to %(owner)s, to answer by "
                "%(deadline)s",
                channel=channels[channel],
                owner=complaint.owner_id.name or "—",
                deadline=format_datetime(self.env, complaint.resolution_deadline)
                if complaint.resolution_deadline
                else "—",
            )
            complaint._schedule_owner_activity(
                self.env._("The customer refused the amicable offer"),
                self.env._(
                    "The customer refused the offer: take a new decision by the "
                    "new answer deadline."
                ),
            )
        self.env["reclamation.decision.log"]._log(
            "offer_answer",
            complaint,
            before=before_stage.name or "",
            after=after,
            before_values={"stage_id": before_stage},
            after_values={
                "stage_id": complaint.stage_id,
                "resolution_deadline": complaint.resolution_deadline,
            },
        )
        author = self.env.user.partner_id
        if self.env.user._is_public():
            # Answered through the link of the letter: the customer's answer.
            author = complaint.partner_id or author
        complaint.message_post(
            body=after,
            author_id=author.id,
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )

    def _schedule_owner_activity(self, summary, note):
        self.ensure_one()
        user = self.user_id or self.owner_id or self.team_id.user_id
        if user:
            self.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=summary,
                note=note,
                user_id=user.id,
            )

    def _restart_answer_clock(self, reason):
        """A new answer deadline, counted from now under the complaint's
        policy: the pauses, holding letter and alerts of the previous answer
        no longer apply (the legal ceiling was about the first answer)."""
        self.ensure_one()
        before = self._get_sla_snapshot()
        self._write_managed(
            {
                "sla_restart_date": fields.Datetime.now(),
                "sla_paused_seconds": 0.0,
                "sla_paused_since": False,
                "resolution_extended_to": False,
                "resolution_extension_reason": False,
                "sla_alert_level": False,
            }
        )
        self._log_sla_moves(before, reason)

    # Appeal

    def _check_appeal_rights(self, channel):
        """On the portal, the customer (or the person represented) appeals;
        a handler who may change the complaint records an appeal made by
        email or otherwise."""
        if self.env.su:
            return
        if channel == "portal":
            self.check_access("read")
            partner = self.env.user.partner_id
            if partner not in (self.partner_id | self.represented_partner_id):
                raise AccessError(
                    self.env._("Only the customer can appeal the decision.")
                )
            return
        if not self.env.user.has_group("reclamation_charter.group_reclamation_handler"):
            raise AccessError(
                self.env._("Only complaint handlers record an appeal for the customer.")
            )
        self.check_access("write")

    def _record_appeal(self, reason, channel):
        """The customer asks for an internal appeal of the decision, within
        its window and once: the complaint reopens with its own answer
        deadline, for a handler other than the author of the decision."""
        self.ensure_one()
        if channel not in dict(ANSWER_CHANNELS):
            raise UserError(self.env._("Unknown appeal channel."))
        self._check_appeal_rights(channel)
        # The user's right was checked just above.
        complaint = self.sudo()
        reason = (reason or "").strip()
        if not reason:
            raise UserError(self.env._("Give the reason for the appeal."))
        if complaint.appeal_state in ("requested", "decided"):
            raise UserError(
                self.env._(
                    "%(ticket)s was already appealed: an appeal is possible once.",
                    ticket=complaint.display_name,
                )
            )
        if complaint.appeal_state != "open":
            raise UserError(
                self.env._(
                    "%(ticket)s has no decision open to appeal.",
                    ticket=complaint.display_name,
                )
            )
        if not complaint._reclamation_can_appeal():
            raise UserError(
                self.env._(
                    "The appeal window of %(ticket)s closed on %(date)s.",
                    ticket=complaint.display_name,
                    date=format_date(self.env, complaint.appeal_deadline),
                )
            )
        complaint._check_processing_allowed(self.env._("an appeal"))
        first = complaint._get_first_decision()
        stage = complaint._get_reopen_stage()
        before_stage = complaint.stage_id
        before_user = complaint.user_id
        vals = {
            "appeal_state": "requested",
            "appeal_requested_on": fields.Datetime.now(),
            "appeal_reason": reason,
            "appeal_channel": channel,
            "stage_id": stage.id,
        }
        if complaint.user_id and complaint.user_id == first.decided_by_id:
            vals["user_id"] = False
        complaint._write_managed(vals)
        complaint._restart_answer_clock(
            self.env._("the customer appealed the decision")
        )
        channels = dict(ANSWER_CHANNELS)
        self.env["reclamation.decision.log"]._log(
            "appeal",
            complaint,
            before=before_stage.name or "",
            after=self.env._(
                "Appeal requested (%(channel)s), to answer by %(deadline)s",
                channel=channels[channel],
                deadline=format_datetime(self.env, complaint.resolution_deadline)
                if complaint.resolution_deadline
                else "—",
            ),
            before_values={
                "stage_id": before_stage,
                "user_id": before_user,
                "appeal_state": "open",
            },
            after_values={
                "stage_id": complaint.stage_id,
                "user_id": complaint.user_id,
                "appeal_state": "requested",
                "resolution_deadline": complaint.resolution_deadline,
            },
            reason=reason,
        )
        complaint.message_post(
            body=self.env._(
                "The customer asked for an internal appeal (%(channel)s). Reason: "
                "%(reason)s",
                channel=channels[channel],
                reason=reason,
            ),
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        leader = complaint.team_id.user_id
        if leader and leader != first.decided_by_id:
            complaint.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=self.env._("Assign the appeal"),
                note=self.env._(
                    "The customer appealed the decision of %(user)s: assign the "
                    "complaint to another handler, who decides the appeal.",
                    user=first.decided_by_id.name or "—",
                ),
                user_id=leader.id,
            )
        return True

    def _check_appeal_assignment(self, vals):
        """While an appeal is under way, the complaint is not given to the
        author of the decision appealed (charter article 4)."""
        if "user_id" not in vals or not vals["user_id"]:
            return
        for ticket in self:
            complaint = ticket.sudo()
            if complaint.appeal_state != "requested":
                continue
            first = complaint._get_first_decision()
            if first and first.decided_by_id.id == vals["user_id"]:
                raise UserError(
                    self.env._(
                        "%(user)s took the decision appealed on %(ticket)s: the "
                        "appeal goes to another handler.",
                        user=first.decided_by_id.name,
                        ticket=complaint.display_name,
                    )
                )

    # Actions

    def action_open_resolution_wizard(self):
        self.ensure_one()
        return self.env["ir.actions.act_window"]._for_xml_id(
            "reclamation_charter.reclamation_resolution_wizard_action"
        ) | {"context": {"default_ticket_id": self.id}}

    def action_open_appeal_wizard(self):
        self.ensure_one()
        return self.env["ir.actions.act_window"]._for_xml_id(
            "reclamation_charter.reclamation_appeal_wizard_action"
        ) | {"context": {"default_ticket_id": self.id}}

    def action_view_resolutions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "reclamation_charter.reclamation_resolution_action"
        )
        action["domain"] = [("ticket_id", "=", self.id)]
        action["context"] = {"default_ticket_id": self.id}
        return action

    @api.model
    def _reclamation_appeal_deadline(self, company, start=None):
        """The last day of the appeal window of a decision sent on ``start``
        (today by default) for ``company``."""
        start = start or fields.Date.context_today(self)
        return start + relativedelta(days=company.reclamation_appeal_days)
