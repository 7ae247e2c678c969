# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import pytz

from odoo import models
from odoo.tools import format_date, format_datetime


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    def _get_portal_outcome_labels(self):
        """Each outcome of a decision in the customer's words:
        {outcome: (label, explanation, tone)}."""
        return {
            "upheld": (
                self.env._("Upheld"),
                self.env._("We agree with your complaint."),
                "success",
            ),
            "partly_upheld": (
                self.env._("Partly upheld"),
                self.env._("We agree with part of your complaint."),
                "warning",
            ),
            "rejected": (
                self.env._("Not upheld"),
                self.env._("We do not agree with your complaint."),
                "danger",
            ),
            "withdrawn": (
                self.env._("Withdrawn"),
                self.env._("You withdrew your complaint."),
                "secondary",
            ),
            "not_a_complaint": (
                self.env._("Not a complaint"),
                self.env._(
                    "Your message is a request rather than a complaint: we "
                    "handle it as such."
                ),
                "secondary",
            ),
        }

    def _get_portal_decisions(self, tz="UTC"):
        """The decisions sent to the customer, oldest first, in the customer's
        words, for the complaint page: [{"id", "is_appeal", "is_offer",
        "title", "outcome", "outcome_label", "outcome_text", "tone",
        "remedy", "rationale", "decided_by", "decided_on_text",
        "offer_state", "offer_state_text", "offer_pending", "has_letter",
        "mediator"}].
        Drafts are the handlers' work: never shown."""
        self.ensure_one()
        outcomes = self._get_portal_outcome_labels()
        # One query for the decisions and the fields shown (callers read the
        # complaint as the superuser once its access was checked).
        resolutions = self.env["reclamation.resolution"].search_fetch(
            [("ticket_id", "=", self.id), ("state", "=", "sent")],
            [
                "outcome",
                "remedy_granted",
                "rationale",
                "decided_by_id",
                "decided_on",
                "is_appeal",
                "is_offer",
                "offer_state",
                "offer_answered_on",
                "report_attachment_id",
                "mediator_id",
            ],
            order="decided_on, id",
        )
        # The people named (who decided, the mediators) in one query.
        (resolutions.decided_by_id.partner_id | resolutions.mediator_id).mapped("name")
        result = []
        for resolution in resolutions:
            label, text, tone = outcomes.get(
                resolution.outcome, (resolution.outcome or "", "", "secondary")
            )
            answered_on = resolution.offer_answered_on and format_datetime(
                self.env, resolution.offer_answered_on, tz=tz, dt_format="short"
            )
            offer_texts = {
                "pending": self.env._("Waiting for your answer."),
                "accepted": self.env._(
                    "You accepted this proposal on %(date)s.", date=answered_on
                ),
                "refused": self.env._(
                    "You refused this proposal on %(date)s.", date=answered_on
                ),
            }
            if resolution.is_appeal:
                title = self.env._("Our decision on your appeal")
            elif resolution.is_offer:
                title = self.env._("Our proposal")
            else:
                title = self.env._("Our decision")
            result.append(
                {
                    "id": resolution.id,
                    "is_appeal": resolution.is_appeal,
                    "is_offer": resolution.is_offer,
                    "title": title,
                    "outcome": resolution.outcome,
                    "outcome_label": label,
                    "outcome_text": text,
                    "tone": tone,
                    "remedy": resolution.remedy_granted or "",
                    "rationale": resolution.rationale or "",
                    "decided_by": resolution.decided_by_id.name or "",
                    "decided_on_text": resolution.decided_on
                    and format_date(
                        self.env,
                        pytz.utc.localize(resolution.decided_on)
                        .astimezone(pytz.timezone(tz))
                        .date(),
                        date_format="long",
                    ),
                    "offer_state": resolution.is_offer and resolution.offer_state,
                    "offer_state_text": resolution.is_offer
                    and offer_texts.get(resolution.offer_state, ""),
                    "offer_pending": resolution.is_offer
                    and resolution.offer_state == "pending",
                    "has_letter": bool(resolution.report_attachment_id),
                    "mediator": resolution.mediator_id
                    and self._get_portal_mediator(resolution.mediator_id),
                }
            )
        return result

    def _get_portal_mediator(self, mediator):
        """The consumer mediator named in a decision, for the complaint page:
        {"name", "address", "website", "deadline_text"}; the website only as
        a web address."""
        self.ensure_one()
        website = mediator.website or ""
        if not website.startswith(("https://", "http://")):
            website = ""
        return {
            "name": mediator.name or "",
            "address": "\n".join(
                " ".join(line.split())
                for line in mediator._display_address(without_company=True).split("\n")
                if line.strip()
            ),
            "website": website,
            "deadline_text": self.mediation_deadline
            and format_date(self.env, self.mediation_deadline, date_format="long"),
        }
