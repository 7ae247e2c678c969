# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from werkzeug.exceptions import NotFound

from odoo import fields, http
from odoo.exceptions import AccessError, UserError
from odoo.http import content_disposition, request

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.reclamation_charter.models.reclamation_data_request import (
    PORTAL_REQUEST_TYPES,
)

# Messages shown after a redirect, chosen by a key of the query string: the
# page never shows text taken from the URL.
PRIVACY_DONE = ("consent_withdrawn", "request_created")


class PortalPrivacy(CustomerPortal):
    """``/my/privacy``: the person's consents, with one-click withdrawal; the
    download of their data; their requests for erasure, restriction or
    rectification, and where they stand. Everything is the logged-in
    person's own: read as them (record rules) or, for what portal users may
    not read, as the superuser strictly filtered on their contact."""

    def _get_privacy_complaints_domain(self):
        """The complaints of the person, to be searched as the user (record
        rules): those they made and those made on their behalf, which concern
        them too. The domain on the person matters for staff, whose rights
        reach other people's complaints."""
        partner = request.env.user.partner_id
        return [
            ("is_complaint_desk", "=", True),
            "|",
            ("partner_id", "=", partner.id),
            ("represented_partner_id", "=", partner.id),
        ]

    def _prepare_privacy_values(self, error=None, form=None, done=None):
        partner = request.env.user.partner_id
        values = self._prepare_portal_layout_values()
        Request = request.env["reclamation.data.request"]
        values.update(
            {
                "page_name": "reclamation_privacy",
                # Read as the user: the record rule shows a customer theirs.
                "consents": request.env["reclamation.consent"].search(
                    [("partner_id", "=", partner.id)]
                ),
                "data_requests": Request._get_portal_requests(partner),
                "request_types": [
                    (key, label)
                    for key, label in Request._fields[
                        "request_type"
                    ]._description_selection(request.env)
                    if key in PORTAL_REQUEST_TYPES
                ],
                "complaint_count": request.env["helpdesk.ticket"]
                .with_context(active_test=False)
                .search_count(self._get_privacy_complaints_domain()),
                "privacy_error": error,
                "privacy_form": form or {},
                "privacy_done": done if done in PRIVACY_DONE else None,
                "today": fields.Date.context_today(Request),
            }
        )
        return values

    @http.route("/my/privacy", type="http", auth="user", website=True, methods=["GET"])
    def portal_my_privacy(self, done=None, **kw):
        return request.render(
            "reclamation_charter_portal.portal_my_privacy",
            self._prepare_privacy_values(done=done),
        )

    @http.route(
        "/my/privacy/consent/<int:consent_id>/withdraw",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_privacy_consent_withdraw(self, consent_id, **kw):
        # Read as the user first: the record rule gives a customer their own
        # consents only, and the page is about one's own consents, also for
        # staff, who may read other people's.
        consent = request.env["reclamation.consent"].browse(consent_id).exists()
        if (
            not consent
            or not consent.has_access("read")
            or consent.partner_id != request.env.user.partner_id
        ):
            raise NotFound()
        if consent.state != "given":
            # Already withdrawn or expired: nothing left to stop.
            return request.redirect("/my/privacy", code=303)
        consent._withdraw("portal")
        return request.redirect("/my/privacy?done=consent_withdrawn", code=303)

    @http.route(
        "/my/privacy/export",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_privacy_export(self, **kw):
        complaints = (
            request.env["helpdesk.ticket"]
            .with_context(active_test=False)
            .search(self._get_privacy_complaints_domain())
        )
        if not complaints:
            return request.render(
                "reclamation_charter_portal.portal_my_privacy",
                self._prepare_privacy_values(
                    error=request.env._(
                        "You have no complaint with us: there is no complaint data "
                        "to download. Your consents are listed on this page."
                    )
                ),
            )
        # The complaints were found as the user just above: the export reads
        # them as the superuser, for the portal (no internal note).
        _name, content = request.env["reclamation.privacy"]._export_zip(
            complaints,
            partner=request.env.user.partner_id,
            reference=request.env._("Downloaded by the person on the portal"),
            portal=True,
        )
        stamp = fields.Datetime.now().strftime("%Y%m%d-%H%M%S")
        return request.make_response(
            content,
            headers=[
                ("Content-Type", "application/zip"),
                ("Content-Length", str(len(content))),
                (
                    "Content-Disposition",
                    content_disposition(f"my-complaints-data-{stamp}.zip"),
                ),
                ("Cache-Control", "no-store"),
            ],
        )

    @http.route(
        "/my/privacy/request",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_privacy_request(self, request_type=None, details=None, **kw):
        form = {"request_type": request_type, "details": details}
        try:
            request.env["reclamation.data.request"]._create_from_portal(
                request.env.user.partner_id, request_type, details
            )
        except AccessError:
            raise  # not the person (staff): 403, not a form message
        except UserError as error:
            return request.render(
                "reclamation_charter_portal.portal_my_privacy",
                self._prepare_privacy_values(error=error.args[0], form=form),
            )
        return request.redirect("/my/privacy?done=request_created", code=303)
