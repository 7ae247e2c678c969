# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from contextlib import contextmanager
from datetime import date, timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from .common import ReclamationCase


class ImprovementCase(ReclamationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.senior = new_test_user(
            cls.env,
            login="rc-senior",
            groups="reclamation_charter.group_reclamation_senior",
        )
        cls.desk.user_ids = [(4, cls.senior.id)]
        cls.open_stage = cls.env["helpdesk.ticket.stage"].create(
            {"name": "Open (test)", "sequence": 1, "team_ids": [(4, cls.desk.id)]}
        )
        cls.closed_stage = cls.env["helpdesk.ticket.stage"].create(
            {
                "name": "Answered (test)",
                "sequence": 50,
                "closed": True,
                "team_ids": [(4, cls.desk.id)],
            }
        )
        cls.cause = cls.env.ref("reclamation_charter.root_cause_billing_error")
        cls.complaint = cls._create_complaint(stage_id=cls.open_stage.id)

    @contextmanager
    def assertRefused(self, exception, regex):
        """The error, and nothing of the refused change left (the savepoint
        of ``assertRaises`` rolls it back, as the request's would)."""
        with self.assertRaises(exception) as caught:
            yield
        self.assertRegex(str(caught.exception), regex)

    def _action(self, user=None, **values):
        return (
            self.env["reclamation.corrective.action"]
            .with_user(user or self.handler)
            .create(
                {
                    "name": "Refunds checked weekly",
                    "user_id": self.handler.id,
                    "date_deadline": date.today() + timedelta(days=30),
                    **values,
                }
            )
        )


@tagged("post_install", "-at_install")
class TestClosureReview(ImprovementCase):
    """Closing a complaint asks for its root cause and whether it was
    justified; a justified complaint needs a corrective action."""

    def test_closure_without_root_cause_is_refused(self):
        complaint = self.complaint.with_user(self.handler)
        with self.assertRefused(ValidationError, "without its root cause"):
            complaint.write({"stage_id": self.closed_stage.id})
        complaint.invalidate_recordset()
        self.assertEqual(complaint.stage_id, self.open_stage)
        self.assertFalse(complaint.closed)

    def test_closure_with_root_cause(self):
        complaint = self.complaint.with_user(self.handler)
        complaint.write(
            {"stage_id": self.closed_stage.id, "root_cause_id": self.cause.id}
        )
        self.assertTrue(complaint.closed)
        # And the cause cannot be taken off the closed complaint.
        with self.assertRefused(ValidationError, "without its root cause"):
            complaint.root_cause_id = False

    def test_justified_closure_needs_a_corrective_action(self):
        complaint = self.complaint.with_user(self.handler)
        with self.assertRefused(ValidationError, "link a corrective action"):
            complaint.write(
                {
                    "stage_id": self.closed_stage.id,
                    "root_cause_id": self.cause.id,
                    "is_justified": True,
                }
            )
        complaint.invalidate_recordset()
        self.assertFalse(complaint.closed)
        self.assertFalse(complaint.root_cause_id)
        action = self._action()
        complaint.write(
            {
                "stage_id": self.closed_stage.id,
                "root_cause_id": self.cause.id,
                "is_justified": True,
                "corrective_action_ids": [(6, 0, action.ids)],
            }
        )
        self.assertTrue(complaint.closed)
        self.assertEqual(action.complaint_ids, self.complaint)
        # Taking the complaint off its only action, from the action's side.
        with self.assertRefused(ValidationError, "link a corrective action"):
            action.write({"complaint_ids": [(5,)]})
        with self.assertRefused(UserError, "answers closed complaints"):
            action.with_user(self.manager).unlink()

    def test_close_wizard_plans_the_action_and_logs_the_decision(self):
        wizard_form = Form(
            self.env["reclamation.complaint.close"]
            .with_user(self.handler)
            .with_context(default_ticket_id=self.complaint.id)
        )
        self.assertIn(self.closed_stage, wizard_form.allowed_stage_ids)
        self.assertNotIn(
            self.env.ref("reclamation_charter.helpdesk_ticket_stage_withdrawn"),
            wizard_form.allowed_stage_ids,
        )
        wizard_form.stage_id = self.closed_stage
        wizard_form.root_cause_id = self.cause
        wizard_form.is_justified = True
        wizard_form.new_action_name = "Receipts checked against the ledger"
        wizard_form.new_action_user_id = self.senior
        wizard_form.new_action_date_deadline = date.today() + timedelta(days=15)
        wizard_form.save().action_close()
        self.assertTrue(self.complaint.closed)
        self.assertTrue(self.complaint.is_justified)
        action = self.complaint.corrective_action_ids
        self.assertEqual(action.name, "Receipts checked against the ledger")
        self.assertEqual(action.user_id, self.senior)
        self.assertEqual(action.root_cause_id, self.cause)
        log = self.env["reclamation.decision.log"].search(
            [("ticket_id", "=", self.complaint.id), ("kind", "=", "closure")]
        )
        self.assertEqual(log.user_id, self.handler)
        self.assertEqual(log.after, self.closed_stage.name)

    def test_close_wizard_without_root_cause_changes_nothing(self):
        wizard = (
            self.env["reclamation.complaint.close"]
            .with_user(self.handler)
            .create(
                {
                    "ticket_id": self.complaint.id,
                    "stage_id": self.closed_stage.id,
                    "root_cause_id": self.cause.id,
                    "is_justified": True,
                }
            )
        )
        with self.assertRefused(ValidationError, "link a corrective action"):
            wizard.action_close()
        self.complaint.invalidate_recordset()
        self.assertFalse(self.complaint.closed)
        self.assertFalse(
            self.env["reclamation.decision.log"].search(
                [("ticket_id", "=", self.complaint.id), ("kind", "=", "closure")]
            )
        )

    def test_only_handlers_close_through_the_wizard(self):
        with self.assertRaises(AccessError):
            self.complaint.with_user(self.helpdesk_user)._close_complaint(
                self.closed_stage,
                self.cause,
                False,
                self.env["reclamation.corrective.action"],
            )

    def test_withdrawal_needs_no_root_cause(self):
        self.complaint.with_user(self.handler)._withdraw_complaint(
            "Settled", channel="phone"
        )
        self.assertTrue(self.complaint.closed)
        self.assertFalse(self.complaint.root_cause_id)

    def test_a_request_that_is_no_complaint_needs_no_root_cause(self):
        request = self._create_complaint(
            stage_id=self.open_stage.id, complaint_kind="information"
        )
        request.with_user(self.handler).stage_id = self.closed_stage
        self.assertTrue(request.closed)


@tagged("post_install", "-at_install")
class TestCorrectiveAction(ImprovementCase):
    def test_owner_and_due_date_are_required(self):
        Action = self.env["reclamation.corrective.action"].with_user(self.handler)
        with self.assertRefused(ValidationError, "needs an owner"):
            Action.create({"name": "No owner", "date_deadline": date.today()})
        with self.assertRefused(ValidationError, "needs a due date"):
            Action.create({"name": "No date", "user_id": self.handler.id})
        self.assertFalse(Action.search([("name", "in", ("No owner", "No date"))]))
        action = self._action()
        with self.assertRefused(ValidationError, "needs an owner"):
            action.user_id = False
        action.invalidate_recordset()
        self.assertEqual(action.user_id, self.handler)

    def test_owner_gets_an_activity_that_follows_them(self):
        action = self._action()
        activity_type = self.env.ref(
            "reclamation_charter.mail_activity_type_corrective_action"
        )
        self.assertEqual(
            action.activity_ids.filtered(
                lambda a: a.activity_type_id == activity_type
            ).user_id,
            self.handler,
        )
        action.user_id = self.senior
        todo = action.activity_ids.filtered(
            lambda a: a.activity_type_id == activity_type
        )
        self.assertEqual(todo.user_id, self.senior)
        self.assertEqual(todo.date_deadline, action.date_deadline)

    def test_done_schedules_the_effectiveness_review(self):
        self.company.reclamation_action_review_days = 30
        action = self._action()
        action.complaint_ids = self.complaint
        with freeze_time("2026-03-02"):
            action.action_start()
            action.action_done()
        self.assertEqual(action.state, "done")
        self.assertEqual(action.done_date, date(2026, 3, 2))
        self.assertEqual(action.review_date, date(2026, 4, 1))
        review = action.activity_ids.filtered(
            lambda a: a.activity_type_id
            == self.env.ref(
                "reclamation_charter.mail_activity_type_corrective_action_review"
            )
        )
        # The complaint desk's manager reviews it.
        self.assertEqual(review.user_id, self.manager)
        self.assertEqual(review.date_deadline, date(2026, 4, 1))
        with self.assertRefused(UserError, "Only a complaint manager"):
            action.action_verified_effective()
        action = action.with_user(self.manager)
        with self.assertRefused(UserError, "review found"):
            action.action_verified_effective()
        action.review_notes = "No billing complaint since."
        action.action_verified_effective()
        self.assertEqual(action.state, "verified_effective")
        self.assertFalse(action.activity_ids)

    def test_overdue_reminders_once_a_week(self):
        with freeze_time("2026-03-01"):
            late = self._action(date_deadline=date(2026, 3, 5))
            on_time = self._action(date_deadline=date(2026, 3, 20))
            done = self._action(date_deadline=date(2026, 3, 5))
            done.action_done()
        overdue_type = self.env.ref(
            "reclamation_charter.mail_activity_type_corrective_action_overdue"
        )

        def reminders(action):
            return action.activity_ids.filtered(
                lambda a: a.activity_type_id == overdue_type
            )

        cron = self.env.ref("reclamation_charter.ir_cron_corrective_action_reminders")
        for day in ("2026-03-10", "2026-03-11"):
            with freeze_time(day), self.enter_registry_test_mode():
                cron.method_direct_trigger()
            self.env.invalidate_all()
        self.assertEqual(len(reminders(late)), 1)
        self.assertEqual(reminders(late).user_id, self.handler)
        self.assertFalse(reminders(on_time))
        self.assertFalse(reminders(done))
        with freeze_time("2026-03-11"):
            self.env.invalidate_all()
            self.assertTrue(late.is_overdue)
            self.assertFalse(on_time.is_overdue)
            self.assertEqual(
                self.env["reclamation.corrective.action"].search(
                    [
                        ("is_overdue", "=", True),
                        ("id", "in", (late | on_time | done).ids),
                    ]
                ),
                late,
            )
        with freeze_time("2026-03-18"), self.enter_registry_test_mode():
            cron.method_direct_trigger()
        self.env.invalidate_all()
        self.assertEqual(len(reminders(late)), 2)

    def test_access_per_role_and_company(self):
        action = self._action()
        # The DPO reads, does not change.
        self.assertEqual(action.with_user(self.dpo).name, "Refunds checked weekly")
        with self.assertRaises(AccessError):
            action.with_user(self.dpo).name = "Changed"
        # A helpdesk user outside the complaint team sees nothing.
        with self.assertRaises(AccessError):
            action.with_user(self.helpdesk_user).read(["name"])
        # A handler deletes nothing; a manager may, while no closed complaint
        # relies on it.
        with self.assertRaises(AccessError):
            action.with_user(self.handler).unlink()
        other_company = self.env["res.company"].create({"name": "Other association"})
        foreign = self.env["reclamation.corrective.action"].create(
            {
                "name": "Elsewhere",
                "user_id": self.handler.id,
                "date_deadline": date.today(),
                "company_id": other_company.id,
            }
        )
        with self.assertRaises(AccessError):
            foreign.with_user(self.manager).read(["name"])
        action.with_user(self.manager).unlink()
        self.assertFalse(action.exists())


@tagged("post_install", "-at_install")
class TestClosureByDecision(ImprovementCase):
    """Sending a decision closes the complaint (issue 10): the root cause is
    required then too, except for an outcome that is no answer on the
    merits (withdrawn, not a complaint)."""

    def _decision(self, outcome):
        return (
            self.env["reclamation.resolution"]
            .with_user(self.handler)
            .create(
                {
                    "ticket_id": self.complaint.id,
                    "outcome": outcome,
                    "remedy_granted": "We refund the March fee.",
                    "rationale": "The refund was indeed late.",
                }
            )
        )

    def test_decision_without_root_cause_is_refused(self):
        resolution = self._decision("upheld")
        with self.assertRefused(ValidationError, "without its root cause"):
            resolution.action_send()
        self.env.invalidate_all()
        self.assertEqual(resolution.state, "draft")
        self.assertFalse(self.complaint.closed)
        self.assertFalse(self.complaint.resolution_outcome)

    def test_decision_with_root_cause_closes(self):
        self.complaint.with_user(self.handler).root_cause_id = self.cause
        self._decision("upheld").action_send()
        self.assertTrue(self.complaint.closed)
        self.assertEqual(self.complaint.resolution_outcome, "upheld")

    def test_not_a_complaint_needs_no_root_cause(self):
        self._decision("not_a_complaint").action_send()
        self.assertTrue(self.complaint.closed)
        self.assertFalse(self.complaint.root_cause_id)

    def test_decision_wizard_asks_for_the_closure(self):
        def wizard(**values):
            return (
                self.env["reclamation.resolution.wizard"]
                .with_user(self.handler)
                .with_context(default_ticket_id=self.complaint.id)
                .create(
                    {
                        "outcome": "upheld",
                        "remedy_granted": "We refund the March fee.",
                        "rationale": "The refund was indeed late.",
                        "root_cause_id": self.cause.id,
                        "is_justified": True,
                        **values,
                    }
                )
            )

        self.assertTrue(wizard().needs_root_cause)
        self.assertFalse(wizard(outcome="not_a_complaint").needs_root_cause)
        with self.assertRefused(ValidationError, "link a corrective action"):
            wizard().action_send()
        self.env.invalidate_all()
        self.assertFalse(self.complaint.closed)
        self.assertFalse(self.complaint.root_cause_id)
        self.assertFalse(self.complaint.resolution_ids)
        action = self._action()
        wizard(corrective_action_ids=[(6, 0, action.ids)]).action_send()
        self.assertTrue(self.complaint.closed)
        self.assertEqual(self.complaint.root_cause_id, self.cause)
        self.assertEqual(self.complaint.corrective_action_ids, action)
        self.assertEqual(self.complaint.resolution_outcome, "upheld")

    def test_decision_wizard_marks_the_root_cause_required(self):
        """The handler sees the root cause required in the wizard's own
        Closure section (in English and in French), and the refusal points
        to that section, not to the Close button."""
        self.env["res.lang"]._activate_lang("fr_FR")
        for lang, label in (("en_US", "Root cause"), ("fr_FR", "Cause première")):
            Wizard = self.env["reclamation.resolution.wizard"].with_user(self.handler)
            arch = Wizard.with_context(lang=lang).get_views([(False, "form")])["views"][
                "form"
            ]["arch"]
            self.assertRegex(
                arch,
                r'<field name="root_cause_id"[^>]*required="needs_root_cause"',
            )
            self.assertEqual(
                Wizard.with_context(lang=lang).fields_get(["root_cause_id"])[
                    "root_cause_id"
                ]["string"],
                label,
            )
        wizard = (
            self.env["reclamation.resolution.wizard"]
            .with_user(self.handler)
            .with_context(default_ticket_id=self.complaint.id)
            .create(
                {
                    "outcome": "upheld",
                    "remedy_granted": "We refund the March fee.",
                    "rationale": "The refund was indeed late.",
                }
            )
        )
        with self.assertRaises(ValidationError) as caught:
            wizard.action_send()
        message = str(caught.exception)
        self.assertIn("Closure section of this window", message)
        self.assertNotIn("Close button", message)
        self.env.invalidate_all()
        self.assertFalse(self.complaint.closed)
        self.assertFalse(self.complaint.resolution_ids)
