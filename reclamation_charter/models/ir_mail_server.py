# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class IrMailServer(models.Model):
    _inherit = "ir.mail_server"

    def _build_email__(  # noqa: PLW3201
        self,
        email_from,
        email_to,
        subject,
        body,
        email_cc=None,
        email_bcc=None,
        reply_to=False,
        attachments=None,
        message_id=None,
        references=None,
        object_id=False,
        subtype="plain",
        headers=None,
        body_alternative=None,
        subtype_alternative="plain",
    ):
        """A ``Content-Language`` header (a letter's language, see
        helpdesk.ticket._notify_by_email_get_headers) is the whole message's:
        set once the body is built, as the body's parts would otherwise take
        it, in an empty part of their own."""
        headers = dict(headers or {})
        lang = headers.pop("Content-Language", None)
        message = super()._build_email__(
            email_from,
            email_to,
            subject,
            body,
            email_cc=email_cc,
            email_bcc=email_bcc,
            reply_to=reply_to,
            attachments=attachments,
            message_id=message_id,
            references=references,
            object_id=object_id,
            subtype=subtype,
            headers=headers,
            body_alternative=body_alternative,
            subtype_alternative=subtype_alternative,
        )
        if lang:
            message["Content-Language"] = lang
        return message
