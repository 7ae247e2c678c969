# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from werkzeug.exceptions import Forbidden, NotFound

from odoo import http
from odoo.exceptions import AccessError, UserError
from odoo.http import request
from odoo.tools import format_date

from .portal_complaint import CustomerPortalComplaint, _clean_text

# Longest appeal reason accepted from the portal.
APPEAL_REASON_MAX_LENGTH = 5000


class CustomerPortalComplaintDecision(CustomerPortalComplaint):
    """The decisions on a complaint, on its portal page: what was decided and
    why, the letter to download, the answer to an amicable offer (on the page,
    or from the tokened link of the email) and the request for an appeal.

    Every route checks access to the complaint (``_document_check_access``)
    or the offer's own token before anything is read as the superuser; every
    change is a POST with CSRF and goes through the model's methods."""

    # The complaint page

    def _get_complaint_messages(self):
        messages = super()._get_complaint_messages()
        texts = {
            "offer_accepted": request.env._("Thank you: you accepted our proposal."),
            "offer_refused": request.env._(
                "Your answer is recorded: you refused our proposal. We come back "
                "to you by the new answer date."
            ),
            "offer_not_answered": request.env._(
                "This proposal can no longer be answered: it was already "
                "answered or withdrawn."
            ),
            "appeal_requested": request.env._(
                "Your appeal is recorded. Someone other than the author of the "
                "first decision reviews your complaint."
            ),
            "appeal_not_recorded": request.env._(
                "Your appeal could not be recorded: the time to appeal is over, "
                "or you already asked for one."
            ),
            "appeal_reason_missing": request.env._(
                "Please tell us why you ask for an appeal: your appeal was not "
                "recorded."
            ),
            "appeal_reason_too_long": request.env._(
                "The reason is too long (at most %(max)s characters): your "
                "appeal was not recorded.",
                max=APPEAL_REASON_MAX_LENGTH,
            ),
        }
        # Kept apart from the texts: the extraction of the terms to translate
        # would take a tone written next to a text for one.
        tones = {
            "offer_accepted": "success",
            "offer_refused": "info",
            "appeal_requested": "success",
        }
        messages.update(
            {key: (tones.get(key, "danger"), text) for key, text in texts.items()}
        )
        return messages

    def _is_complainant(self, complaint_sudo):
        """Whether the logged-in user is the customer of the complaint: the
        person who made it or the person it was made for. They answer an
        offer and appeal from the portal page; a token of the complaint's
        email link reads, it does not act."""
        user = request.env.user
        return not user._is_public() and user.partner_id in (
            complaint_sudo.partner_id | complaint_sudo.represented_partner_id
        )

    def _complaint_get_page_view_values(self, complaint_sudo, access_token, **kw):
        values = super()._complaint_get_page_view_values(
            complaint_sudo, access_token, **kw
        )
        tz = values["portal_tz"]
        # A complaint without any decision sent reads none (no query).
        decisions = (
            complaint_sudo._get_portal_decisions(tz=tz)
            if complaint_sudo.resolution_outcome
            else []
        )
        for decision in decisions:
            if decision["has_letter"]:
                url = (
                    f"/my/complaints/{complaint_sudo.id}/decision/"
                    f"{decision['id']}/letter"
                )
                if access_token:
                    url += f"?access_token={access_token}"
                decision["letter_url"] = url
        acting = self._is_complainant(complaint_sudo)
        can_appeal = acting and complaint_sudo._reclamation_can_appeal()
        values.update(
            {
                "decisions": decisions,
                "can_answer_offer": acting,
                "can_appeal": can_appeal,
                "appeal_deadline_text": complaint_sudo.appeal_deadline
                and format_date(
                    request.env, complaint_sudo.appeal_deadline, date_format="long"
                ),
                "appeal_reason_max_length": APPEAL_REASON_MAX_LENGTH,
            }
        )
        return values

    def _get_decision_check_access(self, ticket_id, resolution_id, access_token=None):
        """The complaint and one of its sent decisions, as the superuser, once
        the user may read the complaint (or holds its token); NotFound
        otherwise."""
        complaint_sudo = self._get_complaint_check_access(ticket_id, access_token)
        resolution_sudo = complaint_sudo.resolution_ids.filtered(
            lambda resolution: resolution.id == resolution_id
            and resolution.state == "sent"
        )
        if not resolution_sudo:
            raise NotFound()
        return complaint_sudo, resolution_sudo

    # The letter

    @http.route(
        ["/my/complaints/<int:ticket_id>/decision/<int:resolution_id>/letter"],
        type="http",
        auth="public",
        methods=["GET"],
        readonly=True,
    )
    def portal_complaint_decision_letter(
        self, ticket_id, resolution_id, access_token=None, **kw
    ):
        """The PDF letter of a sent decision, to the people who may read the
        complaint (or hold its token)."""
        access_token = _clean_text(access_token, 100)
        if not access_token and request.env.user._is_public():
            raise Forbidden()
        _complaint_sudo, resolution_sudo = self._get_decision_check_access(
            ticket_id, resolution_id, access_token
        )
        attachment_sudo = resolution_sudo.report_attachment_id
        if not attachment_sudo:
            raise NotFound()
        return (
            request.env["ir.binary"]
            ._get_stream_from(attachment_sudo)
            .get_response(as_attachment=True)
        )

    # The amicable offer

    def _get_offer_check_access(self, ticket_id, resolution_id, access_token=None):
        """The offer, as the superuser, with whether it was reached through
        the token of its email link: the token must be the offer's own; without
        one, the user must be the person who made the complaint. NotFound for a
        wrong token, another person's complaint, or a decision that is not a
        sent offer of this complaint; Forbidden for a reader who may not
        act."""
        if access_token:
            resolution_sudo = (
                request.env["reclamation.resolution"]
                .sudo()
                .browse(resolution_id)
                .exists()
            )
            if (
                not resolution_sudo
                or resolution_sudo.ticket_id.id != ticket_id
                or not resolution_sudo.ticket_id.is_complaint_desk
            ):
                raise NotFound()
            try:
                resolution_sudo._check_offer_token(access_token)
            except AccessError as error:
                raise NotFound() from error
            via_token = True
        else:
            if request.env.user._is_public():
                raise Forbidden()
            complaint_sudo, resolution_sudo = self._get_decision_check_access(
                ticket_id, resolution_id
            )
            if not self._is_complainant(complaint_sudo):
                raise Forbidden()
            # As the superuser but as the user (``_document_check_access``
            # gives the superuser's environment): the model logs who answers.
            resolution_sudo = (
                request.env["reclamation.resolution"].sudo().browse(resolution_sudo.id)
            )
            via_token = False
        if not resolution_sudo.is_offer or resolution_sudo.state != "sent":
            raise NotFound()
        return resolution_sudo, via_token

    def _offer_page_values(self, resolution_sudo, answer, access_token, **extra):
        complaint_sudo = resolution_sudo.ticket_id
        tz = complaint_sudo._get_portal_tz(complaint_sudo.partner_id)
        (decision,) = [
            decision
            for decision in complaint_sudo._get_portal_decisions(tz=tz)
            if decision["id"] == resolution_sudo.id
        ]
        values = {
            "complaint": complaint_sudo,
            "decision": decision,
            "answer": answer,
            "access_token": access_token,
            "action_url": (
                f"/my/complaints/{complaint_sudo.id}/offer/"
                f"{resolution_sudo.id}/{answer}"
            ),
            "page_name": "complaint_offer",
            "offer_result": False,
        }
        values.update(extra)
        return values

    def _switch_to_customer_lang(self, record_sudo):
        """Pages reached from an email link, not logged in: in the customer's
        language. Returns ``record_sudo`` in that language."""
        if request.env.user._is_public():
            complaint_sudo = record_sudo.ticket_id
            lang = complaint_sudo.partner_id.lang
            lang = lang and request.env["res.lang"]._get_code(lang)
            if lang:
                request.update_context(lang=lang)
                return record_sudo.with_context(lang=lang)
        return record_sudo

    @http.route(
        [
            "/my/complaints/<int:ticket_id>/offer/<int:resolution_id>"
            "/<any(accept,refuse):answer>"
        ],
        type="http",
        auth="public",
        methods=["GET", "POST"],
        website=True,
    )
    def portal_complaint_offer(
        self, ticket_id, resolution_id, answer, access_token=None, **kw
    ):
        """Answer an amicable offer. GET (the link of the email, with the
        offer's token) shows a page to confirm the answer; POST (from that
        page, or from the complaint page, logged in) records it."""
        access_token = _clean_text(access_token, 100)
        if (
            request.httprequest.method == "GET"
            and not access_token
            and request.env.user._is_public()
        ):
            return request.redirect(
                f"/web/login?redirect=/my/complaints/{int(ticket_id)}"
            )
        resolution_sudo, via_token = self._get_offer_check_access(
            ticket_id, resolution_id, access_token
        )
        resolution_sudo = self._switch_to_customer_lang(resolution_sudo)
        complaint_sudo = resolution_sudo.ticket_id
        accept = answer == "accept"
        if request.httprequest.method == "GET":
            values = self._offer_page_values(resolution_sudo, answer, access_token)
            return request.render(
                "reclamation_charter_portal.portal_complaint_offer", values
            )
        try:
            # Nothing half-saved when the model refuses the answer.
            with request.env.cr.savepoint():
                if via_token:
                    # The token was checked above; the model checks it again.
                    resolution_sudo._answer_offer_from_token(
                        access_token, accept, ticket_id=ticket_id
                    )
                else:
                    # The complainant, checked above; the model logs the user.
                    resolution_sudo._answer_offer(accept, "portal")
        except AccessError as error:
            raise Forbidden() from error
        except UserError:
            request.env.invalidate_all()
            if not via_token:
                return request.redirect(
                    f"/my/complaints/{complaint_sudo.id}?message=offer_not_answered"
                )
            values = self._offer_page_values(
                resolution_sudo, answer, access_token, offer_result="not_answered"
            )
            return request.render(
                "reclamation_charter_portal.portal_complaint_offer",
                values,
                status=409,
            )
        if not via_token:
            message = "offer_accepted" if accept else "offer_refused"
            return request.redirect(
                f"/my/complaints/{complaint_sudo.id}?message={message}"
            )
        values = self._offer_page_values(
            resolution_sudo, answer, access_token, offer_result="answered"
        )
        return request.render(
            "reclamation_charter_portal.portal_complaint_offer", values
        )

    # The appeal

    @http.route(
        ["/my/complaints/<int:ticket_id>/appeal"],
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
    )
    def portal_complaint_appeal(self, ticket_id, reason=None, **kw):
        """Ask for an appeal of the decision, by the person who made the
        complaint, logged in, while the appeal is open."""
        if request.env.user._is_public():
            raise Forbidden()
        complaint_sudo = self._get_complaint_check_access(ticket_id)
        if not self._is_complainant(complaint_sudo):
            raise Forbidden()
        url = f"/my/complaints/{complaint_sudo.id}"
        reason = _clean_text(reason, APPEAL_REASON_MAX_LENGTH + 1)
        if not reason:
            return request.redirect(f"{url}?message=appeal_reason_missing")
        if len(reason) > APPEAL_REASON_MAX_LENGTH:
            return request.redirect(f"{url}?message=appeal_reason_too_long")
        # The complainant, checked above: the model checks the window and
        # logs the user.
        complaint = request.env["helpdesk.ticket"].sudo().browse(complaint_sudo.id)
        try:
            # Nothing half-saved when the model refuses the appeal.
            with request.env.cr.savepoint():
                complaint._record_appeal(reason, "portal")
        except AccessError as error:
            raise Forbidden() from error
        except UserError:
            return request.redirect(f"{url}?message=appeal_not_recorded")
        return request.redirect(f"{url}?message=appeal_requested")
