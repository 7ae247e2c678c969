# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from werkzeug.exceptions import NotFound

from odoo import http
from odoo.http import request


class PrivacyNoticeController(http.Controller):
    """The privacy notice of the complaint desk, for everyone: the version
    in force for the website's company (record rules show customers no
    draft)."""

    def _prepare_privacy_notice_values(self, notice):
        return {
            "notice": notice,
            "page_name": "reclamation_privacy_notice",
        }

    @http.route(
        ["/privacy-notice"], type="http", auth="public", website=True, sitemap=True
    )
    def privacy_notice(self, **kw):
        notice = request.env["reclamation.privacy.notice"]._get_current()
        return request.render(
            "reclamation_charter_portal.privacy_notice_page",
            self._prepare_privacy_notice_values(notice),
        )

    @http.route(
        ["/privacy-notice/<int:notice_id>"], type="http", auth="public", website=True
    )
    def privacy_notice_version(self, notice_id, **kw):
        """A given version, as cited by the letters sent under it."""
        notice = request.env["reclamation.privacy.notice"].browse(notice_id).exists()
        if not notice or not notice.has_access("read") or notice.state == "draft":
            raise NotFound()
        return request.render(
            "reclamation_charter_portal.privacy_notice_page",
            self._prepare_privacy_notice_values(notice),
        )
