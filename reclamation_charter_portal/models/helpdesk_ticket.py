# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain
from odoo.tools import SQL, format_date, format_datetime

# Where the complaint's stage does not say where it stands.
STAGE_HIDDEN_SITUATIONS = (
    "offer_pending",
    "closed_no_decision",
    "appeal_requested",
    "offer_refused",
)


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    @api.model
    def _search(self, domain, *args, **kwargs):
        """helpdesk_mgmt's ticket pages of the portal (list and home tile)
        search with ``reclamation_portal_hide_complaints``: complaints are
        shown on the complaint pages. The flag only narrows a search."""
        if self.env.context.get("reclamation_portal_hide_complaints"):
            domain = Domain(domain) & Domain("is_complaint_desk", "=", False)
        return super()._search(domain, *args, **kwargs)

    def _compute_access_url(self):
        """A complaint's customers follow it on its complaint page."""
        res = super()._compute_access_url()
        for ticket in self.filtered("is_complaint_desk"):
            ticket.access_url = f"/my/complaints/{ticket.id}"
        return res

    def _get_portal_close_stages(self):
        """The stages the customer may close the ticket into from the portal:
        the closing stages of its team (of its company when it has no team),
        and none for a complaint, which the customer withdraws instead."""
        self.ensure_one()
        Stage = self.env["helpdesk.ticket.stage"]
        if self.is_complaint_desk:
            return Stage
        if self.team_id:
            stages = self.team_id._get_applicable_stages()
        else:
            stages = Stage.search(
                [
                    ("company_id", "in", [False, self.company_id.id]),
                    ("team_ids", "=", False),
                ]
            )
        return stages.filtered("close_from_portal")

    def _portal_close(self, stage):
        """Close the ticket into ``stage`` at its customer's request."""
        self.ensure_one()
        if self.is_complaint_desk:
            raise UserError(
                self.env._(
                    "A complaint cannot be closed from the portal: withdraw it "
                    "instead, so that your withdrawal is recorded."
                )
            )
        if stage not in self._get_portal_close_stages():
            raise UserError(
                self.env._(
                    "The ticket %(ticket)s cannot be closed into this stage.",
                    ticket=self.display_name,
                )
            )
        self.stage_id = stage

    # Complaint pages of the portal (/my/complaints)

    @api.model
    def _get_portal_tz(self, partner):
        """The time zone dates are shown in to ``partner`` on the portal: theirs,
        else that of the complaint desk's calendar (for the complaint), else
        UTC."""
        if partner.tz:
            return partner.tz
        calendar = self.sudo()[:1]._get_sla_calendar() if self else False
        return (calendar and calendar.tz) or "UTC"

    def _get_portal_offer_answers(self):
        """The amicable offers sent on these complaints, as the customer
        answered them: {ticket id: {offer state: latest answer date}}, in one
        query for the whole page (none when no complaint has a decision)."""
        answered = self.filtered("resolution_outcome")
        if not answered:
            return {}
        result = {}
        for ticket, state, answered_on in (
            self.env["reclamation.resolution"]
            .sudo()
            ._read_group(
                [
                    ("ticket_id", "in", answered.ids),
                    ("state", "=", "sent"),
                    ("is_offer", "=", True),
                ],
                ["ticket_id", "offer_state"],
                ["offer_answered_on:max"],
            )
        ):
            result.setdefault(ticket.id, {})[state] = answered_on
        return result

    def _get_portal_situation(self, offers, withdrawn):
        """Where the complaint really stands, from its decisions, offer,
        appeal and stage rather than from its stage alone: "withdrawn",
        "offer_pending", "amicable", "appeal_decided", "answered",
        "closed_no_decision", "appeal_requested", "offer_refused" or "open".
        ``offers`` as returned by ``_get_portal_offer_answers``;
        ``withdrawn`` the withdrawal stage (looked up once for the page)."""
        self.ensure_one()
        if withdrawn and self.stage_id == withdrawn:
            return "withdrawn"
        if "pending" in offers:
            return "offer_pending"
        if self.closed:
            if "accepted" in offers:
                return "amicable"
            if not self.resolution_outcome:
                return "closed_no_decision"
            if self.appeal_state == "decided":
                return "appeal_decided"
            return "answered"
        if self.appeal_state == "requested":
            return "appeal_requested"
        if "refused" in offers and self.resolution_outcome:
            return "offer_refused"
        return "open"

    def _get_portal_status(self, tz="UTC"):
        """The state of each complaint in the customer's words, derived from
        its real state (decisions, offer, appeal, pause, stage), for a whole
        page at once (the fields read are prefetched together):
        {ticket id: {"key", "situation", "label", "tone", "stage",
        "explanation", "next_move", "next_move_label", "is_closed",
        "deadline", "deadline_text", "extension_reason"}}.
        ``next_move`` is "us", "customer", "third_party" or False (nothing
        left to do); ``is_closed`` is False while an offer awaits the
        customer's answer. ``explanation`` is the product's own text where
        the situation is the product's (offer, appeal, decision, closure),
        the stage's explanation otherwise."""
        labels = {
            "withdrawn": self.env._("Withdrawn"),
            "met": self.env._("Answered"),
            "met_late": self.env._("Answered after the deadline"),
            "closed": self.env._("Closed"),
            "closed_no_decision": self.env._("Closed without a decision"),
            "appeal_decided": self.env._("Appeal decided"),
            "offer_pending": self.env._("Waiting for your answer to our proposal"),
            "appeal_requested": self.env._("Your appeal is being reviewed"),
            "offer_refused": self.env._("Proposal refused: a new decision is due"),
            "paused": self.env._("On hold: the clock stops until we hear back"),
            "breached": self.env._("Late: our answer is overdue"),
            "extended": self.env._("Extended by a holding letter"),
            "at_risk": self.env._("At risk: the answer date is near"),
            "on_track": self.env._("On track"),
            "open": self.env._("In progress"),
        }
        tones = {
            "withdrawn": "secondary",
            "met": "success",
            "met_late": "warning",
            "closed": "secondary",
            "closed_no_decision": "secondary",
            "appeal_decided": "secondary",
            "offer_pending": "info",
            "appeal_requested": "info",
            "offer_refused": "info",
            "paused": "info",
            "breached": "danger",
            "extended": "info",
            "at_risk": "warning",
            "on_track": "success",
            "open": "info",
        }
        moves = {
            "us": self.env._("Us"),
            "customer": self.env._("You"),
            "third_party": self.env._("A third party"),
        }
        all_offers = self._get_portal_offer_answers()
        withdrawn = self.env.ref(
            "reclamation_charter.helpdesk_ticket_stage_withdrawn",
            raise_if_not_found=False,
        )
        today = fields.Date.context_today(self.with_context(tz=tz))
        result = {}
        for ticket in self:
            offers = all_offers.get(ticket.id, {})
            situation = ticket._get_portal_situation(offers, withdrawn)
            status = ticket.sla_status
            is_closed = ticket.closed and situation != "offer_pending"
            if situation in (
                "withdrawn",
                "offer_pending",
                "closed_no_decision",
                "appeal_decided",
            ):
                key = situation
            elif is_closed:
                key = status if status in ("met", "met_late") else "closed"
            elif status in ("paused", "breached", "at_risk"):
                key = status
            elif situation in ("appeal_requested", "offer_refused"):
                key = situation
            elif ticket.resolution_extended_to:
                key = "extended"
            else:
                key = status or "open"
            deadline = not ticket.closed and ticket.resolution_deadline
            deadline_text = deadline and format_datetime(
                self.env, deadline, tz=tz, dt_format="short"
            )
            if situation == "offer_pending":
                move = "customer"
            elif is_closed:
                move = False
            else:
                waiting_on = ticket.stage_id.waiting_on
                if not waiting_on:
                    paused = ticket.stage_id in ticket.sla_policy_id.pause_stage_ids
                    waiting_on = "customer" if paused else "us"
                move = "us" if waiting_on == "desk" else waiting_on
            explanation = ticket._get_portal_explanation(
                situation, offers, deadline_text, today, tz
            )
            result[ticket.id] = {
                "key": key,
                "situation": situation,
                "label": labels[key],
                "tone": tones[key],
                # The stage's name where it says where the complaint stands;
                # not for a pending offer or a closure without a decision (in
                # an "answered" stage), nor for a reopening by an appeal or a
                # refused offer (in the desk's first step); nor for a
                # withdrawal, whose status already says it.
                "stage": ""
                if situation in STAGE_HIDDEN_SITUATIONS or key == "withdrawn"
                else ticket.stage_id.name or "",
                "explanation": explanation,
                "next_move": move,
                "next_move_label": moves.get(move, ""),
                "is_closed": is_closed,
                "deadline": deadline,
                "deadline_text": deadline_text,
                "extension_reason": ticket.resolution_extended_to
                and ticket.resolution_extension_reason,
            }
        return result

    def _get_portal_explanation(self, situation, offers, deadline_text, today, tz):
        """What the complaint's page tells the customer about where it
        stands: the product's own words where the situation is the
        product's, the stage's explanation otherwise."""
        self.ensure_one()
        if situation == "offer_pending":
            return self.env._(
                "We have sent you a proposal: tell us below whether you accept "
                "it. If you refuse it, we come back to you with a decision."
            )
        if situation == "closed_no_decision":
            return self.env._(
                "We closed your complaint without sending you a decision on it. "
                "If you think it still needs an answer, write to us or make a "
                "new complaint."
            )
        if situation == "appeal_decided":
            return self.env._(
                "We have sent you our decision on your appeal: it is final "
                "within the association. If you still disagree, you may turn "
                "to the consumer mediator."
            )
        if situation == "answered":
            if self.appeal_state == "open" and (
                self.appeal_deadline and self.appeal_deadline >= today
            ):
                return self.env._(
                    "We have sent you our decision. If you disagree, you can ask "
                    "for an internal appeal until %(date)s.",
                    date=format_date(
                        self.env, self.appeal_deadline, date_format="long"
                    ),
                )
            return self.env._("We have sent you our decision.")
        if situation == "appeal_requested":
            requested = self.appeal_requested_on and format_datetime(
                self.env, self.appeal_requested_on, tz=tz, dt_format="short"
            )
            if deadline_text:
                return self.env._(
                    "You asked for an internal appeal on %(date)s. Someone other "
                    "than the author of the decision reviews it; we will answer "
                    "by %(deadline)s.",
                    date=requested or "—",
                    deadline=deadline_text,
                )
            return self.env._(
                "You asked for an internal appeal on %(date)s. Someone other than "
                "the author of the decision reviews it.",
                date=requested or "—",
            )
        if situation == "offer_refused":
            refused = offers.get("refused")
            refused_text = refused and format_datetime(
                self.env, refused, tz=tz, dt_format="short"
            )
            if deadline_text:
                return self.env._(
                    "You refused our proposal on %(date)s. We will send you a "
                    "decision by %(deadline)s.",
                    date=refused_text or "—",
                    deadline=deadline_text,
                )
            return self.env._(
                "You refused our proposal on %(date)s. We will send you a decision.",
                date=refused_text or "—",
            )
        return self.stage_customer_explanation or ""

    def _get_portal_satisfaction(self, reader, tz):
        """The portal's link to the survey goes through the complaint's
        page, which opens the survey in the language of the portal."""
        satisfaction = super()._get_portal_satisfaction(reader, tz)
        if satisfaction and satisfaction["state"] == "open":
            satisfaction["url"] = f"{self.access_url}/satisfaction"
        return satisfaction

    def _open_portal_satisfaction(self, reader, lang_code):
        """The start of the satisfaction survey, for ``reader`` coming from
        the portal in ``lang_code``: the survey speaks the portal's language
        from then on (when it has it), whatever the language of the
        invitation. "" when the survey is not offered to them."""
        self.ensure_one()
        if not self._get_portal_satisfaction(reader, "UTC"):
            return ""
        # sudo: the survey is offered to this reader (checked above); only the
        # language of their own answer changes.
        user_input = self.sudo().satisfaction_user_input_id
        if lang_code in user_input.survey_id._get_supported_lang_codes():
            user_input.lang_id = self.env["res.lang"]._lang_get(lang_code)
        return user_input.get_start_url()

    @api.model
    def _get_satisfaction_return_url(self, user_input):
        """The portal page of the complaint whose satisfaction survey
        ``user_input`` answers, or "" for any other survey. The URL carries no
        token: whoever is not logged in as a reader of the complaint is asked
        to log in."""
        if not user_input:
            return ""
        # sudo: the survey controller checked the answer's token; only the
        # complaint's page address is given back, not its content.
        complaint = (
            self.sudo()
            .with_context(active_test=False)
            .search([("satisfaction_user_input_id", "=", user_input.id)], limit=1)
        )
        return complaint.access_url if complaint.is_complaint_desk else ""

    def _get_portal_stage_timeline(self, tz="UTC"):
        """The stages the complaint went through, with the date it entered
        each, from the tracking of its stage (one query), oldest first:
        [{"date", "date_text", "stage"}]."""
        self.ensure_one()
        field_id = self.env["ir.model.fields"]._get_ids(self._name)["stage_id"]
        self.env.cr.execute(
            SQL(
                """SELECT message.date, value.old_value_integer,
                          value.new_value_integer, value.new_value_char
                     FROM mail_tracking_value value
                     JOIN mail_message message ON message.id = value.mail_message_id
                    WHERE message.model = %(model)s AND message.res_id = %(id)s
                      AND value.field_id = %(field)s
                 ORDER BY message.date, value.id""",
                model=self._name,
                id=self.id,
                field=field_id,
            )
        )
        rows = self.env.cr.fetchall()
        steps = []
        if not rows:
            steps.append((self.received_date or self.create_date, self.stage_id.id, ""))
        elif rows[0][1]:
            steps.append((self.received_date or self.create_date, rows[0][1], ""))
        steps += [(date, new_id, new_name) for date, _old, new_id, new_name in rows]
        stages = (
            self.env["helpdesk.ticket.stage"]
            .sudo()
            .browse({stage_id for _date, stage_id, _name in steps if stage_id})
        )
        names = {stage.id: stage.name for stage in stages.exists()}
        return [
            {
                "date": date,
                "date_text": format_datetime(self.env, date, tz=tz, dt_format="short"),
                "stage": names.get(stage_id) or name or "—",
            }
            for date, stage_id, name in steps
        ]
