# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import test_charter
from . import test_complaint
from . import test_acknowledgement
from . import test_security
from . import test_performance
from . import test_sla
from . import test_decision_log
from . import test_consent
from . import test_sharing
from . import test_privacy_access
from . import test_data_request
from . import test_retention
from . import test_anonymisation
from . import test_query_budgets
