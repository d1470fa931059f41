"""The command room's big screen (大屏): one payload of every figure it shows
(``selectors.screen_payload``), the page that draws it (``views``) and refreshes it from
``/api/dashboard/screen``."""
