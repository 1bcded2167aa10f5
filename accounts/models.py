from functools import cached_property

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from accounts.roles import STAFF_ROLES, Role
from foundation.language import name_in_english


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields: object) -> "User":
        if not email:
            raise ValueError("An email address is required")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields: object) -> "User":
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in. Email is the sign-in name."""

    email = models.EmailField(unique=True)
    full_name = models.CharField(max_length=200, blank=True)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False, help_text="May open the Django admin.")
    date_joined = models.DateTimeField(default=timezone.now)
    language = models.CharField(
        max_length=8,
        choices=settings.LANGUAGES,
        default="en",
        help_text="The language of their pages, emails and texts.",
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_ci_unique")]

    def __str__(self) -> str:
        return self.full_name or self.email

    @cached_property
    def roles(self) -> frozenset[str]:
        return frozenset(self.role_grants.values_list("role", flat=True))

    def has_role(self, role: Role) -> bool:
        return role in self.roles

    @property
    def is_staff_member(self) -> bool:
        """Holds any staff role, and so must sign in with a second factor."""
        return bool(self.roles & STAFF_ROLES)

    @property
    def language_in_english(self) -> str:
        """The language they read, named for staff pages: 'English', 'Spanish'."""
        return name_in_english(self.language)

    @property
    def reads_note(self) -> str:
        """'reads Spanish' for staff pages beside a patient's name; empty for English."""
        return "" if self.language == "en" else f"reads {self.language_in_english}"

    @property
    def display_name(self) -> str:
        return self.full_name or self.email


class RoleGrant(models.Model):
    """One role held by one person."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_grants")
    role = models.CharField(max_length=20, choices=Role.choices)
    granted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint("user", "role", name="role_grant_unique")]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()}"
