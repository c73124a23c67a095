from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class PagesConfig(AppConfig):
    name = "prevex.pages"
    label = "pages"
    verbose_name = "Pages composées"

    def ready(self):
        from prevex.core.panels import FILE_PAGE, register_page

        from . import views

        # Every installed app's ``panels`` module declares its panels.
        autodiscover_modules("panels")
        register_page(FILE_PAGE, views.render_file_page)
