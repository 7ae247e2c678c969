# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import helpdesk_ticket
from . import helpdesk_ticket_portal_form
from . import reclamation_charter
from . import reclamation_privacy_notice
from . import helpdesk_ticket_portal_decision
