// An Aura controller is one object literal that Lightning evaluates; nothing here runs it.
// oxlint-disable-next-line no-unused-expressions
({
  // Which fields hold the customer's number on this kind of record.
  init: function (cmp) {
    cmp.set('v.fields', cmp.get('v.sObjectName') === 'Contact' ? ['MobilePhone', 'Phone'] : ['Go2msg_WhatsApp__c', 'Contact.MobilePhone', 'ContactPhone']);
  },
  // The record is loaded (or changed): the canvas is given its number, as parameters.phone.
  recordLoaded: function (cmp) {
    var record = cmp.get('v.record') || {};
    var contact = record.Contact || {};
    var phone = record.Go2msg_WhatsApp__c || contact.MobilePhone || record.ContactPhone || record.MobilePhone || record.Phone || '';
    cmp.set('v.parameters', JSON.stringify({ phone: phone }));
  },
});
