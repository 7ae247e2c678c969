# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import reclamation_charter
from . import reclamation_decision_log
from . import reclamation_sla_policy
from . import resource_calendar
from . import helpdesk_ticket_channel
from . import helpdesk_ticket_stage
from . import helpdesk_ticket_team
from . import helpdesk_ticket
from . import res_users
