// Reads the connector URL from the app's settings and opens the connector's app page here,
// with Zendesk's query (origin, app_guid) so the ZAF SDK on that page talks to Zendesk.
(function () {
  var client = window.ZAFClient && window.ZAFClient.init();
  var status = document.getElementById('status');
  if (!client) {
    status.textContent = 'Open this page from Zendesk.';
    return;
  }
  client.metadata().then(function (metadata) {
    var base = String((metadata.settings && metadata.settings.connector_url) || '').replace(/\/+$/, '');
    if (!base.startsWith('https://')) {
      status.textContent = 'Set the go2msg connector URL (https://…) in the app settings.';
      return;
    }
    location.replace(base + '/adapters/zendesk/app' + location.search);
  });
})();
