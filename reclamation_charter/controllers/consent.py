# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from werkzeug.exceptions import NotFound

from odoo import http
from odoo.http import request
from odoo.tools import consteq


class ConsentController(http.Controller):
    """Withdrawal of a consent from the link of its receipt email. Opening
    the link only shows the consent (mail scanners open links); withdrawing
    takes a click, effective at once."""

    def _get_consent(self, consent_id, token):
        # The token is the proof: checked before anything is read as the
        # superuser, and the page shows only this consent.
        consent = request.env["reclamation.consent"].sudo().browse(consent_id).exists()
        if not (
            consent
            and token
            and consent.access_token
            # Compared as bytes: a token with non-ASCII characters is wrong,
            # not an error.
            and consteq(consent.access_token.encode(), str(token).encode())
        ):
            raise NotFound()
        return consent

    @http.route(
        "/reclamation/consent/<int:consent_id>/withdraw",
        type="http",
        auth="public",
        methods=["GET"],
    )
    def consent_withdraw_page(self, consent_id, token=None, **kw):
        consent = self._get_consent(consent_id, token)
        return request.render(
            "reclamation_charter.consent_withdraw_page",
            {"consent": consent, "token": token, "done": False},
        )

    @http.route(
        "/reclamation/consent/<int:consent_id>/withdraw",
        type="http",
        auth="public",
        methods=["POST"],
    )
    def consent_withdraw(self, consent_id, token=None, **kw):
        consent = self._get_consent(consent_id, token)
        if consent.state == "given":
            consent._withdraw("email")
        return request.render(
            "reclamation_charter.consent_withdraw_page",
            {"consent": consent, "token": token, "done": True},
        )
