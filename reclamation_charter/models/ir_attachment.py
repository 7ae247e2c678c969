# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import contextlib
import logging
import os

import psycopg2

from odoo import SUPERUSER_ID, api, models
from odoo.exceptions import UserError
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

ERASED_FILES = "reclamation_charter.erased_files"


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    # What makes an attachment the file it is, and where it belongs.
    _PROOF_FROZEN_FIELDS = frozenset(
        {
            "datas",
            "raw",
            "db_datas",
            "store_fname",
            "url",
            "type",
            "mimetype",
            "res_model",
            "res_id",
            "res_field",
            "public",
        }
    )

    def _filter_reclamation_customer_files(self):
        """Of these attachments, those a customer may have: on a complaint
        only the files of the messages the portal shows them (what they
        sent, what was sent to them, the decision letter) and the files they
        uploaded themselves with the complaint form; not the files of
        internal notes nor those a handler attached in the backend (a
        consent's evidence, a worksheet). Attachments of other documents are
        kept: their own rules apply."""
        if not self:
            return self
        for model, names in (
            ("ir.attachment", ["res_model", "res_id", "res_field", "create_uid"]),
            ("mail.message", ["is_internal", "subtype_id", "attachment_ids"]),
            ("mail.message.subtype", ["internal"]),
            (
                "helpdesk.ticket",
                ["is_complaint_desk", "partner_id", "represented_partner_id"],
            ),
            ("res.users", ["share", "partner_id"]),
        ):
            self.env[model].flush_model(names)
        # One query for a page of files: which ones belong to a complaint
        # without being the customer's (the rules above, in SQL).
        self.env.cr.execute(
            SQL(
                """
                SELECT a.id
                  FROM ir_attachment a
                  JOIN helpdesk_ticket t
                    ON a.res_model = 'helpdesk.ticket' AND t.id = a.res_id
                 WHERE a.id = ANY(%(ids)s)
                   AND a.res_field IS NULL
                   AND t.is_complaint_desk
                   AND NOT EXISTS (
                       SELECT 1
                         FROM message_attachment_rel r
                         JOIN mail_message m ON m.id = r.message_id
                         JOIN mail_message_subtype s ON s.id = m.subtype_id
                        WHERE r.attachment_id = a.id
                          AND NOT COALESCE(m.is_internal, FALSE)
                          AND NOT COALESCE(s.internal, FALSE)
                   )
                   AND (
                       EXISTS (
                           SELECT 1
                             FROM message_attachment_rel r
                            WHERE r.attachment_id = a.id
                       )
                       OR NOT EXISTS (
                           SELECT 1
                             FROM res_users u
                            WHERE u.id = a.create_uid
                              AND u.share
                              AND u.partner_id IN (
                                  t.partner_id, t.represented_partner_id
                              )
                       )
                   )
                """,
                ids=list(self.ids),
            )
        )
        hidden = {row[0] for row in self.env.cr.fetchall()}
        return self.filtered(lambda attachment: attachment.id not in hidden)

    def write(self, vals):
        if self._PROOF_FROZEN_FIELDS.intersection(vals):
            # Access first: who may not change the file learns nothing of it.
            self.check_access("write")
            linking = set(vals) <= {"res_model", "res_id"} and self.env.context.get(
                "reclamation_evidence_link"
            )
            if not (self.env.su and linking):
                self._check_not_proof()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_proof(self):
        # Runs after the access check of unlink.
        self._check_not_proof()

    def _get_proof_documents(self):
        """Those of these attachments kept as proof, as {attachment: what it
        proves, in a few words}. Each concern that keeps documents as proof
        (consent evidence, sent letters) extends it."""
        return {}

    def _check_not_proof(self):
        """A proof document is kept as it was sent or received, like the
        record it belongs to: whoever may change that record's files may not
        replace, move, publish or delete it. The anonymisation first unlinks
        the document from its record, then deletes it."""
        if not self.ids:
            return
        proofs = self._get_proof_documents()
        if proofs:
            attachment, proof = next(iter(proofs.items()))
            raise UserError(
                self.env._(
                    "%(file)s is %(proof)s: it is kept as it was and cannot be "
                    "changed or deleted.",
                    # The caller passed the access check on this file.
                    file=attachment.sudo().name,
                    proof=proof,
                )
            )

    def _file_delete(self, fname):
        res = super()._file_delete(fname)
        # An erasure removes the person's files as soon as it is committed,
        # not at the next garbage collection of the filestore. The flag
        # authorises nothing: a file goes only once no attachment uses it,
        # as the garbage collection would do.
        if self.env.context.get("reclamation_anonymise"):
            self._reclamation_remove_file_after_commit(fname)
        return res

    def _reclamation_remove_file_after_commit(self, fname):
        postcommit = self.env.cr.postcommit
        fnames = postcommit.data.get(ERASED_FILES)
        if fnames is None:
            fnames = postcommit.data[ERASED_FILES] = set()
            registry = self.env.registry

            @postcommit.add
            def remove_erased_files():
                try:
                    with registry.cursor() as cr:
                        env = api.Environment(cr, SUPERUSER_ID, {})
                        env["ir.attachment"]._reclamation_remove_files(fnames)
                except Exception:
                    # The erasure is committed; the garbage collection of
                    # the filestore removes the files later.
                    _logger.exception("Could not remove the files of an erasure")

        fnames.add(fname)

    @api.model
    def _reclamation_remove_files(self, fnames):
        """Remove from the filestore those of ``fnames`` that no attachment
        uses: files are shared by attachments of the same content. Run in a
        transaction of its own, locked as the garbage collection of the
        filestore is, so that no attachment of the same content is created
        meanwhile."""
        if not fnames or self._storage() != "file":
            return
        cr = self.env.cr
        cr.execute("SET LOCAL lock_timeout TO '10s'")
        try:
            cr.execute("LOCK ir_attachment IN SHARE MODE")
        except psycopg2.errors.LockNotAvailable:
            cr.rollback()
            _logger.info(
                "Files of an erasure left to the filestore garbage collection: "
                "attachments are being written."
            )
            return
        cr.execute(
            SQL(
                "SELECT store_fname FROM ir_attachment WHERE store_fname = ANY(%s)",
                list(fnames),
            )
        )
        used = {row[0] for row in cr.fetchall()}
        checklist = self._full_path("checklist")
        unused = set(fnames) - used
        for fname in unused:
            try:
                os.unlink(self._full_path(fname))
            except FileNotFoundError:
                _logger.debug("Erasure: %s was already gone", fname)
            except OSError:
                _logger.info("Could not remove %s", fname, exc_info=True)
                continue
            with contextlib.suppress(OSError):
                os.unlink(os.path.join(checklist, fname))
        _logger.info("Erasure: %s file(s) removed from the filestore", len(unused))
