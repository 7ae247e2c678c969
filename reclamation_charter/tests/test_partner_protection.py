# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from contextlib import contextmanager

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from .common import ReclamationCase


@tagged("post_install", "-at_install")
class TestPartnerProtection(ReclamationCase):
    """Charter article 7: no repercussion for complaining."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager_2 = new_test_user(
            cls.env,
            login="rc-manager-2",
            groups="reclamation_charter.group_reclamation_manager",
        )
        cls.member_desk = new_test_user(
            cls.env,
            login="rc-membership",
            groups="base.group_user,base.group_partner_manager",
        )
        cls.tag = cls.env["res.partner.category"].create({"name": "Blocked"})
        cls.company.reclamation_protected_field_ids = cls.env.ref(
            "base.field_res_partner__category_id"
        )
        cls.complaint = cls._create_complaint()

    @contextmanager
    def _refused(self, exception, text):
        with self.assertRaises(exception) as catcher:
            yield
        self.assertIn(text, str(catcher.exception))

    def _assert_unchanged(self):
        self.customer.invalidate_recordset()
        self.assertTrue(self.customer.active)
        self.assertFalse(self.customer.category_id)

    def _logs(self, kind):
        return self.env["reclamation.decision.log"].search(
            [("ticket_id", "=", self.complaint.id), ("kind", "=", kind)]
        )

    def _request(self, user, **values):
        return (
            self.env["reclamation.partner.change.request"]
            .with_user(user)
            .create(
                {
                    "partner_id": self.customer.id,
                    "request_archive": True,
                    "justification": "Left the association; asked us to.",
                    **values,
                }
            )
        )

    # Refused without an approved request, whichever way

    def test_archive_refused(self):
        for user in (self.member_desk, self.manager, self.handler):
            with self._refused(UserError, "Request a change"):
                self.customer.with_user(user).action_archive()
        with self._refused(UserError, "complained less than 12 months ago"):
            self.customer.with_user(self.manager).write({"active": False})
        # The administrator (as the superuser) neither.
        with self._refused(UserError, "Request a change"):
            self.customer.sudo().action_archive()
        self._assert_unchanged()

    def test_protected_field_refused_in_form_write_and_import(self):
        with self._refused(UserError, "Request a change"):
            with Form(self.customer.with_user(self.member_desk)) as form:
                form.category_id.add(self.tag)
        with self._refused(UserError, "Request a change"):
            self.customer.with_user(self.member_desk).category_id = self.tag
        result = (
            self.env["res.partner"]
            .with_user(self.member_desk)
            .load(
                [".id", "active"],
                [[str(self.customer.id), "False"]],
            )
        )
        self.assertFalse(result["ids"])
        self.assertIn("Request a change", result["messages"][0]["message"])
        result = (
            self.env["res.partner"]
            .with_user(self.member_desk)
            .load(
                [".id", "category_id/.id"], [[str(self.customer.id), str(self.tag.id)]]
            )
        )
        self.assertFalse(result["ids"])
        self._assert_unchanged()

    def test_other_fields_and_other_contacts_change(self):
        self.customer.with_user(self.member_desk).phone = "+33 1 23 45 67 89"
        self.assertEqual(self.customer.phone, "+33 1 23 45 67 89")
        # Writing the same value changes nothing: no request needed.
        self.customer.with_user(self.member_desk).active = True
        other = self.env["res.partner"].create({"name": "Never complained"})
        other.with_user(self.member_desk).action_archive()
        self.assertFalse(other.active)

    def test_no_approval_needed_after_the_protection_period(self):
        old = self.env["res.partner"].create({"name": "Complained long ago"})
        self._create_complaint(
            partner_id=old.id,
            received_date=fields.Datetime.now() - relativedelta(months=13),
        )
        with self._refused(UserError, "Request a change"):
            self.customer.with_user(self.member_desk).action_archive()
        old.with_user(self.member_desk).action_archive()
        self.assertFalse(old.active)
        # The period is a company setting.
        self.company.reclamation_protection_months = 0
        self.customer.with_user(self.member_desk).action_archive()
        self.assertFalse(self.customer.active)

    def test_tagging_from_the_tag_refused(self):
        """The tag's side of the relation is the contact's tags: the same
        approval is needed, in a form, over RPC or by import."""
        Tag = self.env["res.partner.category"].with_user(self.member_desk)
        tag = self.tag.with_user(self.member_desk)
        with self._refused(UserError, "Request a change"):
            tag.write({"partner_ids": [(4, self.customer.id)]})
        with self._refused(UserError, "Request a change"):
            tag.write({"partner_ids": [(6, 0, self.customer.ids)]})
        with self._refused(UserError, "Request a change"):
            Tag.create({"name": "Suspect", "partner_ids": [(4, self.customer.id)]})
        result = Tag.load(
            [".id", "partner_ids/.id"], [[str(self.tag.id), str(self.customer.id)]]
        )
        self.assertFalse(result["ids"])
        self.assertIn("Request a change", result["messages"][0]["message"])
        self._assert_unchanged()
        self.assertFalse(self._logs("partner_change_applied"))
        # Other contacts are tagged from the tag as before.
        other = self.env["res.partner"].create({"name": "Never complained"})
        tag.write({"partner_ids": [(4, other.id)]})
        self.assertEqual(other.category_id, self.tag)

    def test_untagging_from_the_tag_refused(self):
        self.customer.sudo().with_context(reclamation_partner_change=1).write(
            {"category_id": [(4, self.tag.id)]}
        )
        self.assertEqual(self.customer.category_id, self.tag)
        tag = self.tag.with_user(self.member_desk)
        with self._refused(UserError, "Request a change"):
            tag.write({"partner_ids": [(3, self.customer.id)]})
        with self._refused(UserError, "Request a change"):
            tag.unlink()
        self.customer.invalidate_recordset()
        self.assertEqual(self.customer.category_id, self.tag)

    def test_merge_keeps_a_recent_complainant_protected(self):
        Merge = self.env["base.partner.merge.automatic.wizard"]
        tagged_twin = self.env["res.partner"].create(
            {
                "name": self.customer.name,
                "email": self.customer.email,
                "category_id": [(4, self.tag.id)],
            }
        )
        # Into the complainant: it would get the twin's tag.
        with self._refused(UserError, "Request a change"):
            Merge._merge((self.customer | tagged_twin).ids, self.customer)
        # The complainant merged away (and deleted) into the twin.
        with self._refused(UserError, "cannot be merged into another one"):
            Merge._merge((self.customer | tagged_twin).ids, tagged_twin)
        self._assert_unchanged()
        self.assertTrue(tagged_twin.exists())
        # A twin that changes nothing protected is merged into it.
        twin = self.env["res.partner"].create(
            {"name": self.customer.name, "email": self.customer.email}
        )
        Merge._merge((self.customer | twin).ids, self.customer)
        self.assertFalse(twin.exists())
        self._assert_unchanged()

    def test_deleting_a_recent_complainant_refused(self):
        with self._refused(UserError, "cannot be deleted"):
            self.customer.with_user(self.member_desk).unlink()
        self.assertTrue(self.customer.exists())

    # The request, its approval and application

    def test_request_approved_by_another_manager_is_applied_and_logged(self):
        request = self._request(self.member_desk)
        request.action_submit()
        self.assertEqual(request.state, "pending")
        self._assert_unchanged()
        logged = self._logs("partner_change_request")
        self.assertEqual(logged.user_id, self.member_desk)
        self.assertEqual(logged.reason, "Left the association; asked us to.")
        request.with_user(self.manager).action_approve()
        self.assertEqual(request.state, "applied")
        self.assertEqual(request.approver_id, self.manager)
        self.assertFalse(self.customer.active)
        approval = self._logs("partner_change_approval")
        self.assertEqual(approval.user_id, self.manager)
        applied = self._logs("partner_change_applied")
        self.assertEqual(applied.before_values, {"active": True})
        self.assertEqual(applied.after_values, {"active": False})

    def test_tags_change_by_request(self):
        request = self._request(
            self.member_desk,
            request_archive=False,
            request_category_change=True,
            request_category_ids=[(6, 0, self.tag.ids)],
        )
        self.assertEqual(request.requested_values, {"category_id": self.tag.ids})
        request.action_submit()
        request.with_user(self.manager_2).action_approve()
        self.assertEqual(self.customer.category_id, self.tag)
        self.assertTrue(self.customer.active)
        applied = self._logs("partner_change_applied")
        self.assertEqual(applied.after_values, {"category_id": self.tag.ids})
        self.assertEqual(applied.with_user(self.manager).after_display, "Tags: Blocked")

    def test_request_describes_only_the_protected_fields(self):
        """A request names only what it may change, as its reader may read
        it: not another desk's complaint written into its values."""
        secret = self._create_complaint(
            team_id=self.other_desk.id, name="DeskB secret complaint of Eve"
        )
        request = self._request(self.member_desk)
        for values in (
            {"helpdesk_ticket_ids": secret.ids},
            {"message_ids": secret.message_ids.ids},
        ):
            with self.subTest(values=list(values)), self.assertRaises(UserError):
                request.write({"requested_values": values})
        self.assertEqual(request.requested_values, {"active": False})
        # Even stored by the product, a field no request changes is not read.
        request.sudo().write(
            {
                "requested_values": {
                    "active": False,
                    "helpdesk_ticket_ids": secret.ids,
                    "message_ids": secret.message_ids.ids,
                }
            }
        )
        request.invalidate_recordset()
        text = request.with_user(self.member_desk).requested_changes
        self.assertNotIn("secret", text)
        self.assertNotIn(secret.number, text)
        self.assertIn(self.customer._fields["active"].string, text)

    def test_requester_cannot_approve_their_own_request(self):
        request = self._request(self.manager)
        request.action_submit()
        with self._refused(UserError, "cannot approve your own request"):
            request.with_user(self.manager).action_approve()
        self.assertEqual(request.state, "pending")
        self._assert_unchanged()
        self.assertFalse(self._logs("partner_change_approval"))
        request.with_user(self.manager_2).action_approve()
        self.assertFalse(self.customer.active)

    def test_only_a_manager_approves_or_refuses(self):
        request = self._request(self.member_desk)
        request.action_submit()
        for user in (self.handler, self.member_desk):
            with self._refused(AccessError, "Only a complaint manager"):
                request.with_user(user).action_approve()
            with self._refused(AccessError, "Only a complaint manager"):
                request.with_user(user).action_refuse("No")
        # Nor by forging the state.
        with self._refused(UserError, "does not change"):
            request.with_user(self.member_desk).write({"state": "approved"})
        self.assertEqual(request.state, "pending")
        self._assert_unchanged()

    def test_refusal_changes_nothing_and_is_logged(self):
        request = self._request(self.member_desk)
        request.action_submit()
        request.with_user(self.manager).action_refuse("Not a reason to archive.")
        self.assertEqual(request.state, "refused")
        self._assert_unchanged()
        refusal = self._logs("partner_change_refusal")
        self.assertEqual(refusal.reason, "Not a reason to archive.")
        with self._refused(UserError, "cannot take this step"):
            request.with_user(self.manager_2).action_approve()
        self._assert_unchanged()

    def test_request_without_justification_refused(self):
        request = self._request(self.member_desk, justification="  ")
        with self._refused(ValidationError, "written justification"):
            request.action_submit()
        self.assertEqual(request.state, "draft")
        self.assertFalse(self._logs("partner_change_request"))
        empty = self._request(self.member_desk, request_archive=False)
        with self._refused(UserError, "Say what is to change"):
            empty.action_submit()
        self.assertEqual(empty.state, "draft")
        self._assert_unchanged()

    # The product's own operations still work

    def test_anonymisation_of_a_recent_complainant(self):
        self.customer.category_id = False  # unchanged: no request needed
        self.complaint.write(
            {
                "stage_id": self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done").id,
                "root_cause_id": self.root_cause.id,
            }
        )
        self.complaint.with_user(self.dpo)._anonymise("Erasure request")
        self.customer.invalidate_recordset()
        self.assertFalse(self.customer.with_context(active_test=False).active)
        self.assertEqual(self.customer.name, "Anonymised person")

    # Another protected field, configured in the settings

    def test_other_protected_field_by_request(self):
        employee = self.env.ref("base.field_res_partner__employee")
        self.company.reclamation_protected_field_ids |= employee
        with self._refused(UserError, "Request a change"):
            self.customer.with_user(self.member_desk).employee = True
        self.assertFalse(self.customer.employee)
        with Form(
            self.env["reclamation.partner.change.request"]
            .with_user(self.member_desk)
            .with_context(default_partner_id=self.customer.id)
        ) as form:
            self.assertTrue(form.has_other_fields)
            form.request_field_name = "employee"
            form.request_value = "maybe"
            form.justification = "Hired by the association."
        request = form.record
        with self._refused(UserError, "is not a valid value"):
            request.action_submit()
        self.assertEqual(request.state, "draft")
        request.request_value = "yes"
        self.assertEqual(request.requested_values, {"employee": True})
        request.action_submit()
        self.assertFalse(self.customer.employee)
        request.with_user(self.manager).action_approve()
        self.assertTrue(self.customer.employee)
