/* global window, SwaggerUIBundle */
// Starts Swagger UI on /openapi.json; a file, not an inline script, because of the CSP.
'use strict';
window.addEventListener('DOMContentLoaded', function () {
  window.ui = SwaggerUIBundle({
    url: '/openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    validatorUrl: null,
  });
});
