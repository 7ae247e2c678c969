# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    def _message_route_process(self, message, message_dict, routes):
        """The language an incoming email says it is written in
        (``Content-Language``) is known while it is routed: a complaint
        created from it answers its sender in that language (see
        helpdesk.ticket._get_email_lang)."""
        lang = message.get("Content-Language")
        thread = (
            self.with_context(reclamation_email_content_language=str(lang))
            if lang
            else self
        )
        return super(MailThread, thread)._message_route_process(
            message, message_dict, routes
        )
