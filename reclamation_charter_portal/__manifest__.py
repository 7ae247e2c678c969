# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Complaint Desk Charter - Portal",
    "summary": "Customers follow their complaints and read the complaints "
    "charter on the portal",
    "version": "19.0.1.0.1",
    "category": "After-Sales",
    "website": "https://github.com/OCA/helpdesk",
    "author": "Association Réclamations Éthiques, Odoo Community Association (OCA)",
    "license": "AGPL-3",
    "development_status": "Alpha",
    "depends": ["reclamation_charter", "portal"],
    "data": [
        "views/reclamation_charter_templates.xml",
        "views/helpdesk_ticket_templates.xml",
        "views/reclamation_privacy_notice_templates.xml",
        "views/portal_privacy_templates.xml",
        "views/portal_complaint_form_templates.xml",
        "views/portal_complaint_templates.xml",
        "views/portal_satisfaction_templates.xml",
        "views/portal_accessibility_templates.xml",
        "views/portal_complaint_decision_templates.xml",
    ],
    "assets": {
        "portal.assets_chatter": [
            "reclamation_charter_portal/static/src/chatter/*.xml",
        ],
        "portal.assets_chatter_style": [
            "reclamation_charter_portal/static/src/chatter/*.scss",
        ],
        "web.assets_tests": [
            "reclamation_charter_portal/static/tests/tours/*.js",
        ],
    },
}
