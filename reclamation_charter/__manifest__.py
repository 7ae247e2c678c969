# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Complaint Desk Charter",
    "summary": "Turn a helpdesk team into a complaint desk that enforces a "
    "complaints code of ethics",
    "version": "19.0.1.0.0",
    "category": "After-Sales",
    "website": "https://github.com/OCA/helpdesk",
    "author": "Association Réclamations Éthiques, Odoo Community Association (OCA)",
    "license": "AGPL-3",
    "development_status": "Alpha",
    "depends": ["helpdesk_mgmt", "resource"],
    "external_dependencies": {"python": ["holidays"]},
    "data": [
        "security/reclamation_security.xml",
        "security/ir.model.access.csv",
        "data/mail_activity_type_data.xml",
        "data/helpdesk_ticket_channel_data.xml",
        "data/mail_template_data.xml",
        "data/ir_cron_data.xml",
        "wizards/reclamation_holding_letter_views.xml",
        "wizards/reclamation_sla_setup_views.xml",
        "views/reclamation_charter_views.xml",
        "views/reclamation_sla_policy_views.xml",
        "views/helpdesk_ticket_views.xml",
        "views/helpdesk_ticket_team_views.xml",
        "views/helpdesk_ticket_stage_views.xml",
        "views/helpdesk_ticket_channel_views.xml",
        "views/reclamation_menus.xml",
    ],
    "demo": [
        "demo/res_users_demo.xml",
        "demo/reclamation_charter_demo.xml",
        "demo/helpdesk_ticket_team_demo.xml",
        "demo/reclamation_sla_policy_demo.xml",
        "demo/helpdesk_ticket_demo.xml",
    ],
}
