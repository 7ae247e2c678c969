# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models
from odoo.tools import SQL

# Fields of a contact kept when it is anonymised (structure, not identity).
KEPT_PARTNER_FIELDS = {"lang", "tz", "type", "company_type", "is_company"}


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _reclamation_find_used(self, tickets, consents, requests):
        """The contacts among these that something other than the given
        complaints, their consents and the person's data requests refers to,
        found from the database's own foreign keys: an account, an invoice,
        another document, a message elsewhere."""
        if not self:
            return self
        self.env.flush_all()
        cr = self.env.cr
        cr.execute(
            """
            SELECT cl.relname, att.attname
              FROM pg_constraint con
              JOIN pg_class cl ON cl.oid = con.conrelid
              JOIN pg_attribute att
                ON att.attrelid = con.conrelid AND att.attnum = con.conkey[1]
             WHERE con.contype = 'f'
               AND con.confrelid = 'res_partner'::regclass
               AND array_length(con.conkey, 1) = 1
            """
        )
        # Rows that belong to what is being anonymised, per table.
        own_rows = {
            "helpdesk_ticket": SQL("id = ANY(%s)", tickets.ids),
            "reclamation_consent": SQL("ticket_id = ANY(%s)", tickets.ids),
            "reclamation_data_share": SQL("ticket_id = ANY(%s)", tickets.ids),
            "reclamation_data_request": SQL("id = ANY(%s)", requests.ids),
            "res_partner": SQL("id = ANY(%s)", self.ids),
            "mail_followers": SQL(
                "res_model = 'res.partner' AND res_id = ANY(%s)", self.ids
            ),
            "mail_message": SQL("model = 'res.partner' AND res_id = ANY(%s)", self.ids),
        }
        # Attributes of the contact itself, not uses of it.
        ignored = {"res_partner_res_partner_category_rel"}
        used = set()
        for table, column in cr.fetchall():
            if table in ignored:
                continue
            query = SQL(
                "SELECT DISTINCT %s FROM %s WHERE %s = ANY(%s)",
                SQL.identifier(column),
                SQL.identifier(table),
                SQL.identifier(column),
                self.ids,
            )
            if table in own_rows:
                query = SQL("%s AND NOT (%s)", query, own_rows[table])
            cr.execute(query)
            used.update(row[0] for row in cr.fetchall())
        return self.browse(used)

    def _reclamation_anonymise(self):
        """Replace the identity of these contacts, nothing else referring
        to them: every stored text, file and number (coordinates) field is
        emptied, the address cleared, the name replaced, the contact
        archived; its own messages, attachments, followers and activities
        are deleted."""
        if not self:
            return
        partners = self.sudo().with_context(
            tracking_disable=True, mail_notrack=True, active_test=False
        )
        values = {
            name: False
            for name, field in partners._fields.items()
            if field.store
            and not field.compute
            and not field.related
            and name not in KEPT_PARTNER_FIELDS
            and field.type in ("char", "text", "html", "binary", "image", "float")
            and name not in ("name",)
        }
        values.update(
            {
                name: False
                for name, field in partners._fields.items()
                if field.store
                and not field.compute
                and field.type == "many2one"
                and field.comodel_name
                in ("res.country", "res.country.state", "res.partner.title")
            }
        )
        values.update(
            name=self.env._("Anonymised person"),
            active=False,
            category_id=[(5, 0, 0)],
        )
        # Images live in attachments: clearing one that is not there still
        # costs a search per contact for each resized copy, recomputed one
        # contact at a time. Only the contacts that have one are written.
        files = {
            name
            for name in values
            if partners._fields[name].type in ("binary", "image")
        }
        with_files = partners.with_context(bin_size=True).filtered(
            lambda partner: any(partner[name] for name in files)
        )
        partners.write({name: v for name, v in values.items() if name not in files})
        with_files.write(dict.fromkeys(files, False))
        partners.env["reclamation.privacy"]._remove_thread_data(
            [("res.partner", partners.ids)]
        )
