from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from core.models import TimeStampedModel
from core.money import MONEY


class Role(models.TextChoices):
    REQUESTER = "requester", "Requester"
    APPROVER = "approver", "Approver"
    PROCUREMENT = "procurement", "Procurement"
    FINANCE = "finance", "Finance"
    ADMIN = "admin", "Admin"


class Department(TimeStampedModel):
    name = models.CharField(max_length=120, unique=True)
    # Unique whatever the case (`ENG` and `eng` are one department): department_code_unique_ci.
    code = models.CharField(max_length=20)
    annual_budget = models.DecimalField(**MONEY, default=Decimal("0.00"), validators=[MinValueValidator(0)])
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="managed_departments"
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower("code"),
                name="department_code_unique_ci",
                violation_error_message="A department with this code already exists.",
            ),
            models.CheckConstraint(
                condition=models.Q(annual_budget__gte=0),
                name="department_budget_non_negative",
                violation_error_message="The annual budget cannot be negative.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.update(is_staff=True, is_superuser=True, role=Role.ADMIN)
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, email: str):
        return self.get(email__iexact=email)


class User(AbstractBaseUser, PermissionsMixin):
    """A member of staff. Logs in with the email address; the role decides what they may do,
    the limits decide how much."""

    email = models.EmailField(max_length=254, unique=True)
    full_name = models.CharField(max_length=150, blank=True)
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.REQUESTER, db_index=True)
    department = models.ForeignKey(Department, null=True, blank=True, on_delete=models.PROTECT, related_name="members")
    manager = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="direct_reports")
    spending_limit = models.DecimalField(**MONEY, default=Decimal("0.00"), validators=[MinValueValidator(0)])
    approval_limit = models.DecimalField(**MONEY, default=Decimal("0.00"), validators=[MinValueValidator(0)])
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False, help_text="May log in to the Django admin.")
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        ordering = ["email"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"), name="user_email_unique_ci", violation_error_message="A user with this email already exists."
            ),
            models.CheckConstraint(
                condition=models.Q(spending_limit__gte=0),
                name="user_spending_limit_non_negative",
                violation_error_message="The spending limit cannot be negative.",
            ),
            models.CheckConstraint(
                condition=models.Q(approval_limit__gte=0),
                name="user_approval_limit_non_negative",
                violation_error_message="The approval limit cannot be negative.",
            ),
            models.CheckConstraint(
                condition=~models.Q(manager=models.F("id")),
                name="user_not_own_manager",
                violation_error_message="A user cannot be their own manager.",
            ),
        ]

    def __str__(self) -> str:
        return self.email

    def clean(self):
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()
        # An approval chain walks up the managers: it must end, so no user manages themself,
        # directly or through others.
        seen, boss = {self.pk}, self.manager
        while boss is not None:
            if boss.pk in seen:
                raise ValidationError({"manager": "This manager would make the reporting line a loop."})
            seen.add(boss.pk)
            boss = boss.manager

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN or self.is_superuser
