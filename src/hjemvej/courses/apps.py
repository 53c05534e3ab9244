from django.apps import AppConfig


class CoursesConfig(AppConfig):
    name = "hjemvej.courses"
    verbose_name = "Forløb"

    def ready(self) -> None:
        from hjemvej.common.seeding import reseed_when_empty

        reseed_when_empty(self, model="CourseTemplate", migration="0005_course_limits")
