# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from contextlib import contextmanager
from datetime import date

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from .common import ReclamationCase


@tagged("post_install", "-at_install")
class TestCompetence(ReclamationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.senior = new_test_user(
            cls.env,
            login="rc-senior",
            groups="reclamation_charter.group_reclamation_senior",
        )
        cls.senior_2 = new_test_user(
            cls.env,
            login="rc-senior-2",
            groups="reclamation_charter.group_reclamation_senior",
        )
        cls.desk.user_ids = [(4, cls.senior.id), (4, cls.senior_2.id)]

    @classmethod
    def _create_complaint(cls, **values):
        values.setdefault("user_id", cls.manager.id)
        return super()._create_complaint(**values)

    @contextmanager
    def _refused(self, exception, text):
        """assertRaises (which rolls back to a savepoint), and the message."""
        with self.assertRaises(exception) as catcher:
            yield
        self.assertIn(text, str(catcher.exception))

    def _owner_logs(self, complaint):
        return self.env["reclamation.decision.log"].search(
            [("ticket_id", "=", complaint.id), ("kind", "=", "owner")],
            order="id",
        )

    # Level and training

    def test_level_follows_the_groups(self):
        self.assertEqual(self.handler.reclamation_level, "handler")
        self.assertEqual(self.senior.reclamation_level, "senior")
        self.assertEqual(self.manager.reclamation_level, "senior")
        self.assertFalse(self.helpdesk_user.reclamation_level)

    def test_manager_sets_level_and_training(self):
        self.handler.with_user(self.manager).write(
            {
                "reclamation_level": "senior",
                "reclamation_training_date": date(2026, 3, 1),
            }
        )
        self.assertTrue(
            self.handler.has_group("reclamation_charter.group_reclamation_senior")
        )
        self.assertEqual(self.handler.reclamation_training_date, date(2026, 3, 1))
        self.handler.with_user(self.manager).reclamation_level = "handler"
        self.assertFalse(
            self.handler.has_group("reclamation_charter.group_reclamation_senior")
        )
        self.assertTrue(
            self.handler.has_group("reclamation_charter.group_reclamation_handler")
        )

    def test_handler_cannot_set_a_level(self):
        for user in (self.handler, self.senior):
            with self._refused(AccessError, "Only complaint managers"):
                self.handler.with_user(user).reclamation_level = "senior"
            with self._refused(AccessError, "Only complaint managers"):
                user.with_user(user).reclamation_training_date = date(2026, 1, 1)
        self.assertEqual(self.handler.reclamation_level, "handler")
        self.assertFalse(self.handler.reclamation_training_date)

    # Complex complaints go to seniors

    def test_complex_complaint_refused_to_a_junior_on_creation(self):
        Ticket = self.env["helpdesk.ticket"]
        count = Ticket.search_count([])
        with self._refused(ValidationError, "only a senior"):
            self._create_complaint(complexity="complex", user_id=self.handler.id)
        self.assertEqual(Ticket.search_count([]), count)

    def test_complex_complaint_refused_to_a_junior_on_assignment(self):
        complaint = self._create_complaint(complexity="complex")
        with self._refused(ValidationError, "only a senior"):
            complaint.with_user(self.manager).owner_id = self.handler
        self.assertEqual(complaint.owner_id, self.manager)
        with self._refused(ValidationError, "only a senior"):
            with Form(complaint.with_user(self.manager)) as form:
                form.owner_id = self.handler
        complaint.invalidate_recordset()
        self.assertEqual(complaint.owner_id, self.manager)
        complaint.with_user(self.manager).owner_id = self.senior
        self.assertEqual(complaint.owner_id, self.senior)

    def test_complex_complaint_refused_to_a_junior_on_import(self):
        complaint = self._create_complaint(complexity="complex")
        result = (
            self.env["helpdesk.ticket"]
            .with_user(self.manager)
            .load([".id", "owner_id/.id"], [[str(complaint.id), str(self.handler.id)]])
        )
        self.assertFalse(result["ids"])
        self.assertIn("only a senior", result["messages"][0]["message"])
        complaint.invalidate_recordset()
        self.assertEqual(complaint.owner_id, self.manager)

    def test_raising_complexity_while_owned_by_a_junior(self):
        complaint = self._create_complaint(user_id=self.handler.id)
        self.assertEqual(complaint.owner_id, self.handler)
        with self._refused(ValidationError, "only a senior"):
            complaint.with_user(self.handler).complexity = "complex"
        self.assertEqual(complaint.complexity, "standard")
        self.assertFalse(
            self.env["reclamation.decision.log"].search(
                [("ticket_id", "=", complaint.id), ("kind", "=", "complexity")]
            )
        )

    # Automatic assignment

    def test_auto_assignment_to_least_loaded_eligible_member(self):
        self.desk.reclamation_auto_assign = True
        # Loads: handler 0, senior 0, senior_2 0: the lowest id first.
        first = self._create_complaint(user_id=False)
        self.assertEqual(first.owner_id, self.handler)
        self.assertEqual(first.user_id, self.handler)
        batch = self.env["helpdesk.ticket"].create(
            [
                {"name": "A", "description": "A", "team_id": self.desk.id},
                {"name": "B", "description": "B", "team_id": self.desk.id},
                {
                    "name": "C",
                    "description": "C",
                    "team_id": self.desk.id,
                    "complexity": "complex",
                },
            ]
        )
        self.assertEqual(batch[0].owner_id, self.senior)
        self.assertEqual(batch[1].owner_id, self.senior_2)
        # Complex: seniors only, each owning one now: the lowest id.
        self.assertEqual(batch[2].owner_id, self.senior)
        # An archived member or one who is no handler gets nothing.
        self.senior.active = False
        self.senior_2.active = False
        complex_one = self._create_complaint(complexity="complex", user_id=False)
        # Nobody eligible: the desk's leader owns it, as without the option.
        self.assertEqual(complex_one.owner_id, self.manager)
        log = self._owner_logs(first)
        self.assertEqual(len(log), 1)
        self.assertIn("Automatic", log.reason)
        self.assertEqual(log.after_values, {"owner_id": self.handler.id})

    def test_auto_assignment_load_is_one_query(self):
        """The load of the members is read in one query, however many."""
        Team = self.env["helpdesk.ticket.team"]

        def queries():
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            users = Team.browse(self.desk.id)._reclamation_pick_assignees(
                [(self.desk, "standard"), (self.desk, "complex")]
            )
            return self.env.cr.sql_log_count - before, users

        for __ in range(3):
            self._create_complaint(user_id=self.handler.id)
        count, users = queries()
        self.assertEqual(users[0], self.senior)
        self.assertEqual(users[1], self.senior_2)
        for index in range(5):
            user = new_test_user(
                self.env,
                login=f"rc-more-{index}",
                groups="reclamation_charter.group_reclamation_handler",
            )
            self.desk.user_ids = [(4, user.id)]
            self._create_complaint(user_id=user.id)
        self.assertEqual(queries()[0], count)

    def test_no_auto_assignment_when_option_off(self):
        complaint = self._create_complaint(user_id=False)
        self.assertEqual(complaint.owner_id, self.manager)  # the desk's leader

    # Log of the owners

    def test_manual_owner_change_is_logged(self):
        complaint = self._create_complaint()
        creation = self._owner_logs(complaint)
        self.assertEqual(len(creation), 1)
        self.assertEqual(creation.after_values, {"owner_id": self.manager.id})
        complaint.with_user(self.handler).owner_id = self.senior
        log = self._owner_logs(complaint)[-1]
        self.assertEqual(log.user_id, self.handler)
        self.assertEqual(log.before_values, {"owner_id": self.manager.id})
        self.assertEqual(log.after_values, {"owner_id": self.senior.id})
        self.assertEqual(log.reason, "Manual assignment")
        # Writing the same owner again decides nothing.
        complaint.owner_id = self.senior
        self.assertEqual(len(self._owner_logs(complaint)), 2)
