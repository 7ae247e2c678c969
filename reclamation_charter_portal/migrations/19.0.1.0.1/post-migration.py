# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The complaint page no longer gives a link to every file of the complaint:
it generated an access token for each one, internal notes included, which
stays valid for whoever got the link. The tokens of the files the customer
may not have are revoked; their own files and those sent to them keep
theirs."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    attachments = env["ir.attachment"].search(
        [("res_model", "=", "helpdesk.ticket"), ("access_token", "!=", False)]
    )
    internal = attachments - attachments._filter_reclamation_customer_files()
    internal.write({"access_token": False})
