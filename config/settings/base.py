"""Settings shared by every environment. Configuration comes from environment variables only."""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("OPENQSSE_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "insecure-development-key-change-me-in-production")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

# The project's apps come first: their templates and French catalogues take precedence over
# Django's own (e.g. "Se connecter" rather than the admin's "Connexion").
INSTALLED_APPS = [
    "qsse.core",
    "qsse.organization",
    "qsse.processes",
    "qsse.actions",
    "qsse.nonconformities",
    "qsse.context",
    "qsse.indicators",
    "qsse.analysis",
    "qsse.reviews",
    "qsse.fmea",
    "qsse.haccp",
    "qsse.hazop",
    "qsse.surveillance",
    "qsse.audits",
    "qsse.compliance",
    "qsse.inspections",
    "qsse.accidents",
    "qsse.duer",
    "qsse.ohsreport",
    "qsse.environment",
    "qsse.icpe",
    "qsse.waste",
    "qsse.energy",
    "qsse.industrialrisks",
    "qsse.documents",
    "qsse.retention",
    "qsse.demo",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "simple_history",
    "django_htmx",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "qsse.core.context_processors.shell",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'openqsse.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the dev server, the task worker and tests share the file.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "core:dashboard"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "config" / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Paris")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/bootstrap", NODE_MODULES / "bootstrap" / "dist"),
    ("vendor/sortablejs", NODE_MODULES / "sortablejs"),
    ("vendor/echarts", NODE_MODULES / "echarts" / "dist"),
]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {
        "BACKEND": os.environ.get("DEFAULT_FILE_STORAGE", "django.core.files.storage.FileSystemStorage")
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Evidence attached to records: size limit and accepted types (extension and leading bytes are checked).
ATTACHMENT_MAX_BYTES = int(os.environ.get("ATTACHMENT_MAX_BYTES", str(10 * 1024 * 1024)))
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# E-mail (Django 6.1 mailers). The console backend prints messages; set EMAIL_BACKEND to
# django.core.mail.backends.smtp.EmailBackend and EMAIL_HOST... to send them.
EMAIL_BACKEND_PATH = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
MAILERS = {"default": {"BACKEND": EMAIL_BACKEND_PATH}}
if EMAIL_BACKEND_PATH.endswith("smtp.EmailBackend"):
    MAILERS["default"]["OPTIONS"] = {
        "host": os.environ.get("EMAIL_HOST", "localhost"),
        "port": int(os.environ.get("EMAIL_PORT", "25")),
        "username": os.environ.get("EMAIL_HOST_USER", ""),
        "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
        "use_tls": env_bool("EMAIL_USE_TLS", False),
        "timeout": 20,
    }
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "OpenQSSE <noreply@openqsse.invalid>")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django.tasks.backends.immediate.ImmediateBackend"),
    }
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
        "rest_framework.filters.SearchFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "OpenQSSE API",
    "DESCRIPTION": "REST API of OpenQSSE: organisation, processes, action plan, non-conformities.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Choice sets that share a field name across apps get explicit component names.
    "ENUM_NAME_OVERRIDES": {
        "IndustrialMeasureStatusEnum": "qsse.industrialrisks.choices.MeasureStatus",
        "IndustrialMeasureRoleEnum": "qsse.industrialrisks.choices.MeasureRole",
        "RetentionEndActionEnum": "qsse.retention.choices.EndAction",
        "RetentionPurgeStatusEnum": "qsse.retention.choices.PurgeStatus",
        "RetentionReferenceEventEnum": "qsse.retention.choices.ReferenceEvent",
        "RetentionRoundingEnum": "qsse.retention.choices.RetentionRounding",
        "IcpeUnitEnum": "qsse.icpe.choices.IcpeUnit",
        "IcpeRegimeEnum": "qsse.icpe.choices.ThresholdRegime",
        "ActionStatusEnum": "qsse.actions.choices.ActionStatus",
        "ActionTypeEnum": "qsse.actions.choices.ActionType",
        "NonconformityStatusEnum": "qsse.nonconformities.choices.NonconformityStatus",
        "NonconformityKindEnum": "qsse.nonconformities.choices.NonconformityKind",
        "NonconformityCategoryEnum": "qsse.nonconformities.choices.Category",
        "IshikawaCategoryEnum": "qsse.nonconformities.choices.IshikawaCategory",
        "ProcessKindEnum": "qsse.processes.choices.ProcessKind",
        "FmeaKindEnum": "qsse.fmea.choices.FmeaKind",
        "FmeaActionPriorityEnum": "qsse.fmea.choices.ActionPriorityLevel",
        "ActionPriorityEnum": "qsse.actions.choices.ActionPriority",
        "ContextAnalysisKindEnum": "qsse.context.choices.AnalysisKind",
        "ContextAnalysisStatusEnum": "qsse.context.choices.AnalysisStatus",
        "ContextCategoryEnum": "qsse.context.choices.ContextCategory",
        "InterestedPartyCategoryEnum": "qsse.context.choices.PartyCategory",
        "RiskOpportunityKindEnum": "qsse.context.choices.RiskKind",
        "RiskOpportunityStatusEnum": "qsse.context.choices.RiskStatus",
        "RiskOpportunitySourceEnum": "qsse.context.choices.RiskSource",
        "TreatmentStrategyEnum": "qsse.context.choices.TreatmentStrategy",
        "RootCauseSourceEnum": "qsse.nonconformities.choices.RootCauseSource",
        "AuditKindEnum": "qsse.audits.choices.AuditKind",
        "AuditStatusEnum": "qsse.audits.choices.AuditStatus",
        "AuditFindingKindEnum": "qsse.audits.choices.FindingKind",
        "AuditMeetingKindEnum": "qsse.audits.choices.MeetingKind",
        "AuditAnswerEnum": "qsse.audits.choices.Answer",
        "AuditReportLanguageEnum": "qsse.audits.choices.ReportLanguage",
        "AuditProgrammeStatusEnum": "qsse.audits.choices.ProgrammeStatus",
        "AuditRiskLevelEnum": "qsse.audits.choices.RiskLevel",
        "AuditLastResultEnum": "qsse.audits.choices.LastResult",
        "ChecklistThemeEnum": "qsse.audits.choices.TemplateTheme",
        "ObjectiveStatusEnum": "qsse.indicators.choices.ObjectiveStatus",
        "IndicatorLightEnum": "qsse.indicators.choices.Status",
        "ManagementReviewStatusEnum": "qsse.reviews.choices.ManagementReviewStatus",
        "ProcessReviewStatusEnum": "qsse.reviews.choices.ProcessReviewStatus",
        "FmeaStatusEnum": "qsse.fmea.choices.FmeaStatus",
        "HaccpPlanStatusEnum": "qsse.haccp.choices.PlanStatus",
        "HaccpStepKindEnum": "qsse.haccp.choices.StepKind",
        "HaccpControlKindEnum": "qsse.haccp.choices.ControlKind",
        "HazopStudyStatusEnum": "qsse.hazop.choices.StudyStatus",
        "HazopParameterEnum": "qsse.hazop.choices.Parameter",
        "HazopGuideWordEnum": "qsse.hazop.choices.GuideWord",
        "HazopDeviationStatusEnum": "qsse.hazop.choices.DeviationStatus",
        "SurveillancePlanStatusEnum": "qsse.surveillance.choices.PlanStatus",
        "SurveillanceControlStatusEnum": "qsse.surveillance.choices.ControlStatus",
        "ComplianceLibraryKindEnum": "qsse.compliance.choices.LibraryKind",
        "ComplianceChangeKindEnum": "qsse.compliance.choices.ChangeKind",
        "ComplianceThemeEnum": "qsse.compliance.choices.Theme",
        "ComplianceConformityStatusEnum": "qsse.compliance.choices.ConformityStatus",
        "ComplianceApplicabilityEnum": "qsse.compliance.choices.Applicability",
        "ComplianceGapSeverityEnum": "qsse.compliance.choices.GapSeverity",
        "ComplianceEquipmentEnum": "qsse.compliance.choices.Equipment",
        "InspectionInspectorEnum": "qsse.inspections.choices.Inspector",
        "InspectionVisitResultEnum": "qsse.inspections.choices.VisitResult",
        "InspectionObservationSeverityEnum": "qsse.inspections.choices.ObservationSeverity",
        "InspectionScheduleStatusEnum": "qsse.inspections.choices.ScheduleStatus",
        "EnergyEmissionScopeEnum": "qsse.energy.choices.EmissionScope",
        "EnergyUseEnum": "qsse.energy.choices.EnergyUse",
        "EnergyRecordKindEnum": "qsse.energy.choices.RecordKind",
        "EnergyIndicatorKindEnum": "qsse.energy.choices.IndicatorKind",
        "EnergyVariableKindEnum": "qsse.energy.choices.VariableKind",
        "EnergyLeverStatusEnum": "qsse.energy.choices.LeverStatus",
        "AccidentKindEnum": "qsse.accidents.choices.AccidentKind",
        "AccidentStatusEnum": "qsse.accidents.choices.AccidentStatus",
        "AccidentLesionNatureEnum": "qsse.accidents.choices.LesionNature",
        "AccidentLesionSeatEnum": "qsse.accidents.choices.LesionSeat",
        "AccidentFactKindEnum": "qsse.accidents.choices.FactKind",
        "AccidentFactComponentEnum": "qsse.accidents.choices.FactComponent",
        "DuerControlLevelEnum": "qsse.duer.choices.ControlLevel",
        "DuerPreventionPrincipleEnum": "qsse.duer.choices.PreventionPrinciple",
        "WasteCategoryEnum": "qsse.waste.choices.WasteCategory",
        "WasteTreatmentKindEnum": "qsse.waste.choices.TreatmentKind",
        "WasteQuantityUnitEnum": "qsse.waste.choices.QuantityUnit",
        "WasteSortingFlowEnum": "qsse.waste.choices.SortingFlow",
        "WasteEntryTypeEnum": "qsse.waste.choices.EntryType",
        "DuerMeasureTypeEnum": "qsse.duer.choices.MeasureType",
        "DuerProtectionEnum": "qsse.duer.choices.Protection",
        "DocumentConfidentialityEnum": "qsse.documents.choices.Confidentiality",
        "DocumentVersionStatusEnum": "qsse.documents.choices.VersionStatus",
        "DocumentStatusEnum": "qsse.documents.choices.DocumentStatus",
        "DocumentContentKindEnum": "qsse.documents.choices.ContentKind",
        "DocumentCodeSourceEnum": "qsse.documents.choices.CodeSource",
        "DocumentSignatureMeaningEnum": "qsse.documents.choices.SignatureMeaning",
        # Keeps the name the non-conformity severity had before another "severity" field existed.
        "SeverityEnum": "qsse.nonconformities.choices.Severity",
    },
}

SIMPLE_HISTORY_HISTORY_ID_USE_UUID = False
FILTERS_EMPTY_CHOICE_LABEL = _("All")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
