from django.apps import AppConfig


class CoursesConfig(AppConfig):
    name = "hjemvej.courses"
    verbose_name = "Forløb"

    def ready(self) -> None:
        from hjemvej.common.seeding import reseed_when_empty

        reseed_when_empty(self, model="CourseTemplate", migration="0002_seed_course_templates")
        from hjemvej.access import policy
        from hjemvej.accounts.views import HOME_SECTIONS
        from hjemvej.common.context_processors import NAV_ITEMS
        from hjemvej.courses import demo, worklists  # noqa: F401  (registers the demo step)
        from hjemvej.courses.views import citizen_section
        from hjemvej.people.views import CITIZEN_SECTIONS

        CITIZEN_SECTIONS.append(citizen_section)
        NAV_ITEMS.append(
            {
                "label": "Støttetid",
                "url": "courses:support_overview",
                "visible": policy.may_work_with_citizens,
            }
        )
        HOME_SECTIONS.extend(worklists.SECTIONS)
