# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain
from odoo.tools import SQL

# Fields of a contact kept when it is anonymised (structure, not identity).
KEPT_PARTNER_FIELDS = {"lang", "tz", "type", "company_type", "is_company"}


class ResPartner(models.Model):
    _inherit = "res.partner"

    reclamation_change_request_ids = fields.One2many(
        comodel_name="reclamation.partner.change.request",
        inverse_name="partner_id",
        string="Change requests",
    )
    # Set by the anonymisation only: the name then shown is worded in the
    # reader's language, whatever the stored one.
    reclamation_anonymised = fields.Boolean(
        string="Anonymised", readonly=True, copy=False
    )

    # Protection of recent complainants (charter article 7)

    def _reclamation_protected_fields(self):
        """The fields of a recent complainant's contact that change only by
        an approved request: the company's list, and always archiving."""
        company = self.env.company.sudo()
        names = (company.reclamation_protected_field_names or "").split(",")
        return {"active", *filter(None, names)}

    def _reclamation_recent_complainants(self):
        """The contacts among these who complained within the protection
        period of the company (12 months by default): one query."""
        if not self.ids:
            return self.browse()
        months = self.env.company.sudo().reclamation_protection_months
        if months <= 0:
            return self.browse()
        since = fields.Datetime.now() - relativedelta(months=months)
        # Counting only, whoever asks: the protection applies whatever the
        # user may read of the complaints.
        Ticket = self.env["helpdesk.ticket"].sudo().with_context(active_test=False)
        groups = Ticket._read_group(
            Domain("partner_id", "in", self.ids)
            & Domain("is_complaint_desk", "=", True)
            & Domain("complaint_kind", "=", "complaint")
            & Domain("received_date", ">=", since),
            ["partner_id"],
        )
        return self.browse(partner.id for (partner,) in groups)

    def _reclamation_latest_complaint(self):
        self.ensure_one()
        return (
            self.env["helpdesk.ticket"]
            .sudo()
            .with_context(active_test=False)
            .search(
                [("partner_id", "=", self.id), ("is_complaint_desk", "=", True)],
                order="received_date desc, id desc",
                limit=1,
            )
        )

    def _reclamation_protection_bypassed(self):
        """The product's own operations on contacts: applying an approved
        request, anonymising a person. Only as the superuser, which a client
        cannot become."""
        return self.env.su and (
            self.env.context.get("reclamation_partner_change")
            or self.env.context.get("reclamation_anonymise")
        )

    def _reclamation_changed_fields(self, vals, names):
        """Of ``names``, the fields ``vals`` really changes on these contacts."""
        changed = set()
        for name in names.intersection(vals):
            field = self._fields[name]
            for partner in self.with_context(active_test=False):
                new = field.convert_to_record(
                    field.convert_to_cache(vals[name], partner), partner
                )
                if new != partner[name]:
                    changed.add(name)
                    break
        return changed

    def _reclamation_check_protected_write(self, vals):
        """Archiving a person who complained recently, or changing one of
        their protected fields, needs an approved request (whatever the way:
        form, import, RPC, archive action)."""
        if not self or self._reclamation_protection_bypassed():
            return
        names = self._reclamation_protected_fields()
        if not names.intersection(vals):
            return
        changed = self._reclamation_changed_fields(vals, names)
        if not changed:
            return
        self._reclamation_raise_if_protected(changed)

    def _reclamation_raise_if_protected(self, changed):
        """Refuse the change of the fields ``changed`` on these contacts when
        one of them complained recently."""
        protected = self._reclamation_recent_complainants()
        if not protected:
            return
        labels = ", ".join(
            self._fields[name].get_description(self.env)["string"]
            for name in sorted(changed)
        )
        raise UserError(
            self.env._(
                "%(partner)s complained less than %(months)s months ago: "
                "archiving the contact or changing %(fields)s needs a written "
                "justification and the approval of another complaint manager. "
                "Use the button “Request a change” on the contact.",
                partner=protected[0].display_name,
                months=self.env.company.sudo().reclamation_protection_months,
                fields=labels,
            )
        )

    def _reclamation_check_protected_relation(self, field_name):
        """These contacts gain or lose a value of the many2many
        ``field_name`` from the other side of the relation (a tag's
        contacts, a merge): the same protection as writing the contact."""
        if (
            not self
            or self._reclamation_protection_bypassed()
            or field_name not in self._reclamation_protected_fields()
        ):
            return
        self._reclamation_raise_if_protected({field_name})

    def write(self, vals):
        if "reclamation_anonymised" in vals and not (
            self._reclamation_protection_bypassed()
            and self.env.context.get("reclamation_anonymise")
        ):
            raise UserError(
                self.env._("Only the anonymisation marks a contact as anonymised.")
            )
        self._reclamation_check_protected_write(vals)
        return super().write(vals)

    @api.depends("reclamation_anonymised")
    @api.depends_context("lang")
    def _compute_display_name(self):
        res = super()._compute_display_name()
        for partner in self.filtered("reclamation_anonymised"):
            partner.display_name = self.env._("Anonymised person")
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_recent_complainant(self):
        if self._reclamation_protection_bypassed():
            return
        protected = self._reclamation_recent_complainants()
        if protected:
            raise UserError(
                self.env._(
                    "%(partner)s complained less than %(months)s months ago: "
                    "the contact cannot be deleted.",
                    partner=protected[0].display_name,
                    months=self.env.company.sudo().reclamation_protection_months,
                )
            )

    def action_reclamation_request_change(self):
        """Open a new change request for this contact."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Request a change"),
            "res_model": "reclamation.partner.change.request",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
            "context": {"default_partner_id": self.id},
        }

    def _reclamation_find_used(self, tickets, consents, requests):
        """The contacts among these that something other than the given
        complaints, the consents and the person's data requests refers to,
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
            "reclamation_consent": SQL("id = ANY(%s)", consents.ids),
            "reclamation_data_share": SQL("ticket_id = ANY(%s)", tickets.ids),
            "reclamation_data_request": SQL("id = ANY(%s)", requests.ids),
            "res_partner": SQL("id = ANY(%s)", self.ids),
            "mail_followers": SQL(
                "res_model = 'res.partner' AND res_id = ANY(%s)", self.ids
            ),
            "mail_message": SQL("model = 'res.partner' AND res_id = ANY(%s)", self.ids),
            # The decisions on the complaints name their customer (a stored
            # related field), anonymised with them.
            "reclamation_resolution": SQL("ticket_id = ANY(%s)", tickets.ids),
            # The requests to change the contact are about the contact
            # itself, anonymised with it.
            "reclamation_partner_change_request": SQL("TRUE"),
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
        # reclamation_anonymise: the anonymisation is one of the product's
        # operations, which the protection of recent complainants lets through.
        partners = self.sudo().with_context(
            tracking_disable=True,
            mail_notrack=True,
            active_test=False,
            reclamation_anonymise=True,
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
            reclamation_anonymised=True,
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

    def _reclamation_without_other_complaints(self, tickets):
        """The contacts among these that no complaint concerns, as the
        complainant or the person represented, other than ``tickets`` and
        those already anonymised."""
        if not self:
            return self
        # Only which contacts, whoever asks: called by the anonymisation.
        others = (
            self.env["helpdesk.ticket"]
            .sudo()
            .with_context(active_test=False)
            .search(
                Domain("is_complaint_desk", "=", True)
                & Domain("id", "not in", tickets.ids)
                & Domain("retention_phase", "!=", "anonymised")
                & (
                    Domain("partner_id", "in", self.ids)
                    | Domain("represented_partner_id", "in", self.ids)
                )
            )
        )
        return self - others.partner_id - others.represented_partner_id

    def _reclamation_anonymise_change_requests(self):
        """The requests to change these contacts stay as the record of the
        change (what, who, when); what was written about the person goes,
        whether the contact is anonymised or kept for an account."""
        changes = (
            self.env["reclamation.partner.change.request"]
            .sudo()
            .search([("partner_id", "in", self.ids)])
        )
        if not changes:
            return
        changes.write(
            {
                "justification": self.env._("(anonymised)"),
                "refusal_reason": False,
            }
        )
        # A text value asked for (a reference, a note) is the person's too.
        changes.filtered(
            lambda change: change.request_field_name
            and self._fields[change.request_field_name].type in ("char", "text", "html")
        ).write({"request_value": False})
