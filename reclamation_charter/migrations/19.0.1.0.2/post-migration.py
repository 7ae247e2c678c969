# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The holding letter gives its reason in a paragraph, not a <blockquote>:
the chatter (backend and portal) folded the quote away behind "•••".

The template is declared in a noupdate block, so updating the module does
not rewrite it on an existing database: replace the quote once here, in
every language of the body. A body that was customised elsewhere keeps its
customisation; one without the quote is left as it is.
"""

import json
import logging
import re

from odoo import SUPERUSER_ID, api

_logger = logging.getLogger(__name__)

TEMPLATE_XMLID = "reclamation_charter.mail_template_complaint_holding_letter"
QUOTE = re.compile(
    r'<blockquote t-out="object\.resolution_extension_reason"[^>]*?'
    r"(?:/>|>\s*</blockquote>)"
)
PARAGRAPH = (
    '<p style="margin-left: 16px; padding-left: 8px; '
    'border-left: 3px solid #d0d0d0; white-space: pre-wrap;" '
    't-out="object.resolution_extension_reason"></p>'
)


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    template = env.ref(TEMPLATE_XMLID, raise_if_not_found=False)
    if not template:
        return
    cr.execute("SELECT body_html FROM mail_template WHERE id = %s", [template.id])
    bodies = cr.fetchone()[0] or {}
    changed = {
        lang: QUOTE.sub(PARAGRAPH, body)
        for lang, body in bodies.items()
        if body and QUOTE.search(body)
    }
    if not changed:
        _logger.info("%s: no quoted reason to replace", TEMPLATE_XMLID)
        return
    cr.execute(
        "UPDATE mail_template SET body_html = body_html || %s::jsonb WHERE id = %s",
        [json.dumps(changed), template.id],
    )
    env.invalidate_all()
