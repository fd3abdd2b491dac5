// The Freshworks app's page: once Freshdesk hands over its client, load the go2msg adapter
// from the connector named in the installation parameters, and mount the panel here.
(function () {
  var root = document.getElementById('go2msg-root');
  function say(text) {
    var p = document.createElement('p');
    p.textContent = text;
    root.replaceChildren(p);
  }
  app
    .initialized()
    .then(function (client) {
      return client.iparams.get('connector_url').then(function (params) {
        var base = String(params.connector_url || '').replace(/\/+$/, '');
        if (!/^https?:\/\//.test(base)) return say('Set the go2msg connector URL in the app settings.');
        return import(base + '/widget/adapters/freshdesk.js').then(function (adapter) {
          return adapter.mountFreshdesk(root, client, { connectorUrl: base });
        });
      });
    })
    .catch(function () {
      say('The go2msg connector could not be reached. Check the connector URL in the app settings.');
    });
})();
