# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models
from odoo.exceptions import UserError
from odoo.fields import Domain
from odoo.tools import SQL, format_datetime


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

    def _get_portal_status(self, tz="UTC"):
        """The state of each complaint in the customer's words, for a whole
        page at once (the fields read are prefetched together):
        {ticket id: {"key", "label", "tone", "stage" (empty when the status
        says it), "next_move",
        "next_move_label", "deadline", "deadline_text", "extension_reason"}}.
        ``next_move`` is "us", "customer" or False (closed); a complaint in a
        pause stage of its deadline policy waits for the customer."""
        labels = {
            "withdrawn": self.env._("Withdrawn"),
            "met": self.env._("Answered"),
            "met_late": self.env._("Answered after the deadline"),
            "closed": self.env._("Closed"),
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
        }
        withdrawn = self.env.ref(
            "reclamation_charter.helpdesk_ticket_stage_withdrawn",
            raise_if_not_found=False,
        )
        result = {}
        for ticket in self:
            status = ticket.sla_status
            if withdrawn and ticket.stage_id == withdrawn:
                key = "withdrawn"
            elif ticket.closed:
                key = status if status in ("met", "met_late") else "closed"
            elif status in ("paused", "breached", "at_risk"):
                key = status
            elif ticket.resolution_extended_to:
                key = "extended"
            else:
                key = status or "open"
            if ticket.closed:
                move = False
            elif ticket.stage_id in ticket.sla_policy_id.pause_stage_ids:
                move = "customer"
            else:
                move = "us"
            deadline = not ticket.closed and ticket.resolution_deadline
            result[ticket.id] = {
                "key": key,
                "label": labels[key],
                "tone": tones[key],
                # The withdrawal stage would only repeat the status.
                "stage": "" if key == "withdrawn" else ticket.stage_id.name or "",
                "next_move": move,
                "next_move_label": moves.get(move, ""),
                "deadline": deadline,
                "deadline_text": deadline
                and format_datetime(self.env, deadline, tz=tz, dt_format="short"),
                "extension_reason": ticket.resolution_extended_to
                and ticket.resolution_extension_reason,
            }
        return result

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
