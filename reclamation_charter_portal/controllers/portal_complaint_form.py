# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from werkzeug.exceptions import NotFound

from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request
from odoo.tools import format_datetime

from odoo.addons.portal.controllers.portal import CustomerPortal

from ..models.helpdesk_ticket_portal_form import (
    PORTAL_FILE_TYPES,
    PORTAL_MAX_FILE_SIZE,
    PORTAL_MAX_FILES,
    PORTAL_NAME_MAX,
    PORTAL_SUBJECT_MAX,
    PORTAL_TEXT_MAX,
    PortalComplaintError,
)

# The text fields of the form, re-shown as typed when it is refused.
PORTAL_FORM_FIELDS = (
    "subject",
    "description",
    "remedy_sought",
    "category_id",
    "on_behalf_of",
    "represented_party_name",
)


class PortalComplaintForm(CustomerPortal):
    """The form a customer files a complaint with, and its confirmation."""

    def _prepare_complaint_form_values(self, typed=None, errors=None):
        Ticket = request.env["helpdesk.ticket"]
        partner = request.env.user.partner_id
        consent_texts = Ticket._get_portal_consent_texts(partner)
        return {
            "page_name": "reclamation_complaint_new",
            "desk": Ticket._get_portal_complaint_desk(),
            "company": request.env.company,
            "categories": Ticket._get_portal_complaint_categories(),
            "consent_texts": consent_texts,
            "ticked": consent_texts.browse(),
            "typed": typed or {},
            "errors": errors or {},
            "accept": ",".join(f".{extension}" for extension in PORTAL_FILE_TYPES),
            "max_files": PORTAL_MAX_FILES,
            "max_file_mb": PORTAL_MAX_FILE_SIZE // (1024 * 1024),
            "subject_max": PORTAL_SUBJECT_MAX,
            "text_max": PORTAL_TEXT_MAX,
            "name_max": PORTAL_NAME_MAX,
        }

    def _get_complaint_form_files(self):
        """The files sent, as ``(filename, content)``: a file chosen in no
        input is skipped; content past the size limit is not read (its
        length tells the check it is too large)."""
        files = []
        for storage in request.httprequest.files.getlist("attachments"):
            content = storage.read(PORTAL_MAX_FILE_SIZE + 1)
            if storage.filename or content:
                files.append((storage.filename or "", content))
        return files

    @http.route(
        "/my/complaints/new",
        type="http",
        auth="user",
        methods=["GET", "POST"],
        website=True,
    )
    def portal_complaint_new(self, **kw):
        if request.httprequest.method != "POST":
            return request.render(
                "reclamation_charter_portal.portal_complaint_form",
                self._prepare_complaint_form_values(),
            )
        Ticket = request.env["helpdesk.ticket"]
        partner = request.env.user.partner_id
        typed = {
            name: kw.get(name) if isinstance(kw.get(name), str) else ""
            for name in PORTAL_FORM_FIELDS
        }
        consent_texts = Ticket._get_portal_consent_texts(partner)
        ticked = consent_texts.filtered(
            lambda text: kw.get(f"consent_{text.purpose_id.id}")
        )
        try:
            ticket = Ticket._create_from_portal(
                partner,
                typed,
                self._get_complaint_form_files(),
                ticked,
                request.httprequest.remote_addr,
                request.httprequest.user_agent.string,
            )
        except PortalComplaintError as error:
            values = self._prepare_complaint_form_values(typed, error.field_errors)
            values["ticked"] = ticked
            return request.render(
                "reclamation_charter_portal.portal_complaint_form", values
            )
        return request.redirect(f"/my/complaints/new/done/{ticket.id}", code=303)

    @http.route(
        "/my/complaints/new/done/<int:ticket_id>",
        type="http",
        auth="user",
        methods=["GET"],
        website=True,
    )
    def portal_complaint_new_done(self, ticket_id, **kw):
        try:
            ticket_sudo = self._document_check_access("helpdesk.ticket", ticket_id)
        except (AccessError, MissingError) as error:
            raise NotFound() from error
        if not ticket_sudo.is_complaint_desk:
            raise NotFound()
        tz = (
            request.env.user.tz
            or ticket_sudo.sla_calendar_id.tz
            or ticket_sudo.company_id.resource_calendar_id.tz
            or "UTC"
        )

        def format_date(value):
            return value and format_datetime(
                request.env, value, tz=tz, dt_format="long"
            )

        return request.render(
            "reclamation_charter_portal.portal_complaint_form_done",
            {
                "page_name": "reclamation_complaint_new",
                "complaint": ticket_sudo,
                "tz": tz,
                "received": format_date(ticket_sudo.received_date),
                "answer_by": format_date(ticket_sudo.resolution_deadline),
                "next_update": format_date(ticket_sudo.update_deadline),
            },
        )
