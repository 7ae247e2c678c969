# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from werkzeug.exceptions import NotFound

from odoo import http
from odoo.http import request


class CharterController(http.Controller):
    """The complaints charter, for everyone: the version in force and the
    past versions (record rules show customers no draft)."""

    def _prepare_charter_values(self, charter):
        Charter = request.env["reclamation.charter"]
        return {
            "charter": charter,
            "current_charter": Charter._get_current(),
            "past_charters": Charter.search(
                [
                    ("company_id", "=", request.env.company.id),
                    ("state", "=", "archived"),
                ]
            ),
            "page_name": "reclamation_charter",
        }

    @http.route(["/charter"], type="http", auth="public", website=True, sitemap=True)
    def charter_current(self, **kw):
        charter = request.env["reclamation.charter"]._get_current()
        return request.render(
            "reclamation_charter_portal.charter_page",
            self._prepare_charter_values(charter),
        )

    @http.route(["/charter/<int:charter_id>"], type="http", auth="public", website=True)
    def charter_version(self, charter_id, **kw):
        charter = request.env["reclamation.charter"].browse(charter_id).exists()
        if not charter or not charter.has_access("read") or charter.state == "draft":
            raise NotFound()
        return request.render(
            "reclamation_charter_portal.charter_page",
            self._prepare_charter_values(charter),
        )
