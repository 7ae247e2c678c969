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
