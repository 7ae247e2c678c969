# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A complaint, and the consents given for it, are no longer shared with
the complainant's company; the global rules on tickets are left out while
the registry loads without this addon's fields (helpdesk_mgmt's own tests).

The record rules are declared in a noupdate block, so updating the module
does not rewrite them on an existing database: rewrite them once here. A
domain that was customised is replaced too (it let colleagues read
complaints); it is logged so that the customisation can be carried over by
hand.
"""

import logging

from odoo import SUPERUSER_ID, api

_logger = logging.getLogger(__name__)

RULE_XMLID = "reclamation_charter.helpdesk_ticket_rule_complaint_desk"
OLD_DOMAIN = """[
    '|', '|', '|',
    ('is_complaint_desk', '=', False),
    ('team_id', 'in', user.reclamation_desk_ids.ids),
    ('partner_id', 'child_of', [user.commercial_partner_id.id]),
    ('message_partner_ids', 'in', [user.partner_id.id]),
]"""
NEW_DOMAIN = """[
    '|', '|', '|', '|',
    ('is_complaint_desk', '=', False),
    ('team_id', 'in', user.reclamation_desk_ids.ids),
    ('partner_id', '=', user.partner_id.id),
    ('represented_partner_id', '=', user.partner_id.id),
    ('message_partner_ids', 'in', [] if user.share else [user.partner_id.id]),
] if 'reclamation_desk_ids' in user or user.env.registry.ready else []"""
CONSENT_RULE_XMLID = "reclamation_charter.reclamation_consent_rule_portal"
CONSENT_OLD_DOMAIN = "[('partner_id', 'child_of', [user.commercial_partner_id.id])]"
CONSENT_NEW_DOMAIN = "[('partner_id', '=', user.partner_id.id)]"

ARCHIVE_RULE_XMLID = "reclamation_charter.helpdesk_ticket_rule_retention_archive"
ARCHIVE_OLD_DOMAIN = """[
    '|',
    ('retention_phase', '!=', 'archived'),
    ('team_id', 'in', user.reclamation_archive_desk_ids.ids),
]"""
ARCHIVE_NEW_DOMAIN = (
    ARCHIVE_OLD_DOMAIN
    + " if 'reclamation_archive_desk_ids' in user or user.env.registry.ready else []"
)

RULES = {
    RULE_XMLID: (OLD_DOMAIN, NEW_DOMAIN),
    ARCHIVE_RULE_XMLID: (ARCHIVE_OLD_DOMAIN, ARCHIVE_NEW_DOMAIN),
    CONSENT_RULE_XMLID: (CONSENT_OLD_DOMAIN, CONSENT_NEW_DOMAIN),
}


def _squeeze(domain):
    return "".join((domain or "").split())


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    for xmlid, (old_domain, new_domain) in RULES.items():
        rule = env.ref(xmlid, raise_if_not_found=False)
        if not rule or _squeeze(rule.domain_force) == _squeeze(new_domain):
            continue
        if _squeeze(rule.domain_force) != _squeeze(old_domain):
            _logger.warning(
                "Record rule %s was customised; its domain is replaced so that "
                "complaints are not shared with the complainant's company. "
                "Previous domain: %s",
                xmlid,
                rule.domain_force,
            )
        rule.domain_force = new_domain
