/**
 * Spanish: every code of the vocabulary (a missing one fails the typecheck) and
 * every Meta and Twilio failure code (test/widget/error-texts.browser.test.ts checks those).
 * Placeholders are the error's facts, as in connector/domain/errors.ts; {rule} is
 * left out, because the domain words that fact in English.
 */
import type { ErrorTexts } from '../error-catalog';
import { makeCatalog, type FailureTexts, type KindNames, type LimitNames } from './catalog';

const ADMIN = 'Pide a tu administrador de go2msg que revise la configuración de WhatsApp.';
const SMS_ADMIN = 'Pide a tu administrador de go2msg que revise la configuración de SMS (Twilio).';
const RETRIED = 'El mensaje se reintenta automáticamente.';
const RETRIED_LATER = 'El mensaje se reintenta automáticamente tras una pausa.';
const OTHER_WAY = 'Comprueba el número con el cliente o contáctalo de otra forma, por ejemplo por SMS.';
const ON_WHATSAPP = 'Comprueba el número con el cliente o contáctalo por WhatsApp.';

export const texts: ErrorTexts = {
  VALIDATION_FAILED: { message: 'La solicitud no es válida.', action: 'Corrige los campos indicados en los detalles y vuelve a intentarlo.' },
  INVALID_PHONE: {
    message: 'Eso no es un número de teléfono en formato internacional.',
    action: 'Escribe el número con + y el código de país, por ejemplo +16505551234.',
  },
  UNAUTHENTICATED: { message: 'No has iniciado sesión o tu sesión terminó.', action: 'Vuelve a iniciar sesión.' },
  SIGNATURE_INVALID: {
    message: 'La firma de la solicitud falta o no coincide.',
    action: 'Comprueba que el remitente firma con el secreto de la app configurado.',
  },
  FORBIDDEN: { message: 'No tienes permiso para hacer esto.', action: 'Pide acceso a un administrador.' },
  TEAMMATE_DISABLED: { message: 'Tu cuenta de go2msg está desactivada.', action: 'Pide a un administrador que la vuelva a activar.' },
  EMAIL_MISSING: {
    message: 'Tu proveedor de identidad no compartió tu correo electrónico con go2msg.',
    action: 'Pide a tu administrador que entregue el dato de correo (scope "email") a go2msg en el proveedor de identidad y vuelve a iniciar sesión.',
  },
  EMAIL_NOT_VERIFIED: {
    message: 'Tu proveedor de identidad no ha confirmado tu correo electrónico.',
    action: 'Confirma tu correo con la cuenta de tu empresa (o pide a tu administrador de TI que lo haga) y vuelve a iniciar sesión.',
  },
  HOST_PROOF_INVALID: {
    message: 'No se pudo verificar la prueba de inicio de sesión de tu helpdesk.',
    action:
      'Recarga la página del helpdesk o inicia sesión con la cuenta de tu empresa; si sigue fallando, pide a tu administrador que revise la configuración del host.',
  },
  HOST_USER_NOT_LINKED: {
    message: 'Tu cuenta del helpdesk todavía no está vinculada a go2msg.',
    action: 'Inicia sesión una vez con la cuenta de tu empresa para vincularla; después, el helpdesk inicia tu sesión.',
  },
  HOST_LINK_MISMATCH: {
    message: 'Esta cuenta del helpdesk pertenece a otra persona: su correo no coincide con tu cuenta de empresa.',
    action: 'Inicia sesión en el helpdesk con tu propia cuenta o pide a un administrador que vincule la cuenta.',
  },
  SIGN_IN_CODE_WRONG: {
    message: 'Ese no es el código que muestra tu ventana de inicio de sesión.',
    action: 'Escribe el código de {digits} dígitos de la ventana de inicio de sesión que abriste desde este panel. Intentos restantes: {triesLeft}.',
  },
  SIGN_IN_EXPIRED: {
    message: 'Este inicio de sesión ya no se puede completar: tardó demasiado o se escribió un código erróneo demasiadas veces.',
    action: 'Haz clic en Iniciar sesión para empezar de nuevo.',
  },
  WEBHOOK_BODY_REFUSED: {
    message: 'El cuerpo de este webhook no se puede procesar.',
    action:
      'Se guarda como carta muerta y no se reintenta; un administrador puede leerlo en GET /api/admin/webhooks/dead-letters y reenviarlo cuando se corrija la causa.',
  },
  TOO_MANY_REQUESTS: {
    message: 'Demasiadas solicitudes: como máximo {limit} {what} por minuto {per}.',
    action: 'Espera {retryAfter} segundos y vuelve a intentarlo. Si pasa en el trabajo normal, pide a tu administrador que aumente {setting}.',
  },
  TOO_MANY_STREAMS: {
    message: 'Esta sesión ya tiene {limit} paneles en vivo abiertos.',
    action: 'Cierra los paneles o pestañas que ya no uses y recarga este. Si necesitas más, pide a tu administrador que aumente {setting}.',
  },
  CONVERSATION_OWNED: {
    message: 'Otra persona del equipo es dueña de esta conversación, y solo quien la tiene responde aquí.',
    action: 'Pídele que responda, o toma la conversación (Asignarme) y vuelve a enviar.',
  },
  ID_TOKEN_INVALID: {
    message: 'La respuesta de inicio de sesión de tu proveedor de identidad no superó las comprobaciones de go2msg, así que no se inició ninguna sesión.',
    action:
      'Avisa a tu administrador: OIDC_ISSUER y OIDC_CLIENT_ID deben coincidir con la configuración del proveedor de identidad para go2msg, y sus tokens deben estar firmados con las claves que publica. Volver a iniciar sesión no servirá hasta entonces.',
  },
  ID_TOKEN_EXPIRED: {
    message: 'La respuesta de inicio de sesión de tu proveedor de identidad ya había caducado cuando llegó a go2msg.',
    action:
      'Vuelve a iniciar sesión. Si sigue pasando, avisa a tu administrador: puede que el reloj del conector y el del proveedor de identidad no coincidan.',
  },
  SIGN_IN_STATE_MISMATCH: {
    message: 'Esta respuesta de tu proveedor de identidad no corresponde al inicio de sesión que empezaste aquí.',
    action: 'Cierra la ventana de inicio de sesión y vuelve a hacer clic en Iniciar sesión en el panel.',
  },
  USERINFO_SUBJECT_MISMATCH: {
    message:
      'Tu proveedor de identidad describió en su respuesta de perfil a otra persona distinta de la que inició sesión, así que no se inició ninguna sesión.',
    action:
      'Avisa a tu administrador: el endpoint UserInfo del proveedor de identidad debe devolver el mismo sujeto (sub) que su token de ID (OpenID Connect Core §5.3.2).',
  },
  ORIGIN_NOT_ALLOWED: {
    message: 'Esta página no tiene permiso para usar el conector.',
    action: 'Añade el origen de la página a ALLOWED_ORIGINS en el conector.',
  },
  NOT_FOUND: { message: 'No se encontró.', action: 'Comprueba la dirección.' },
  WINDOW_CLOSED: {
    message: 'La ventana de atención de 24 horas está cerrada, así que no se pueden enviar mensajes libres.',
    action: 'Envía una plantilla aprobada; la respuesta del cliente vuelve a abrir la ventana.',
  },
  IDEMPOTENCY_CONFLICT: {
    message: 'Esta clave de idempotencia ya se usó para otro mensaje.',
    action: 'Usa una clave de idempotencia nueva para un mensaje nuevo.',
  },
  TEXT_EMPTY: { message: 'El mensaje está vacío.', action: 'Escribe algo antes de enviar.' },
  TEXT_TOO_LONG: { message: 'El mensaje es más largo de lo que WhatsApp permite.', action: 'Acórtalo o divídelo en varios mensajes.' },
  TEMPLATE_NOT_FOUND: {
    message: 'No hay ninguna plantilla con ese nombre e idioma.',
    action: 'Elige una plantilla de la lista; puede que se haya eliminado o renombrado.',
  },
  TEMPLATE_NOT_APPROVED: {
    message: 'Meta no ha aprobado esta plantilla, así que no se puede enviar.',
    action: 'Elige una plantilla aprobada o espera a que esta se apruebe.',
  },
  TEMPLATE_PARAMS_MISMATCH: {
    message: 'Las variables de la plantilla no están completas como ella necesita.',
    action: 'Rellena todas las variables de la plantilla (por nombre, en una plantilla con variables con nombre).',
  },
  MESSAGE_INVALID: { message: 'El mensaje incumple una regla de WhatsApp.', action: 'Cambia el mensaje y vuelve a enviarlo.' },
  MEDIA_EMPTY: { message: 'El archivo está vacío.', action: 'Vuelve a adjuntar el archivo.' },
  MEDIA_TYPE_UNSUPPORTED: { message: 'WhatsApp no acepta este archivo como {kind}.', action: 'Envía un archivo de uno de estos tipos: {accepted}.' },
  MEDIA_TYPE_MISMATCH: {
    message: 'El archivo dice ser {claimed}, pero su contenido es {detected}.',
    action: 'Adjunta el archivo original, guardado con su tipo real.',
  },
  MEDIA_TOO_LARGE: {
    message: 'Este archivo pesa {actual}; WhatsApp acepta como máximo {limit} para {kind}.',
    action: 'Envía un archivo más pequeño o comparte un enlace.',
  },
  RANGE_NOT_SATISFIABLE: {
    message: 'La parte pedida del archivo está fuera del archivo.',
    action: 'Pide un rango de bytes dentro del archivo (su tamaño está en Content-Range) o el archivo completo.',
  },
  MEDIA_NOT_FOUND: { message: 'Ese archivo no está disponible.', action: 'Vuelve a adjuntar el archivo.' },
  TEMPLATE_INVALID: {
    message: 'La plantilla incumple una de las reglas de plantillas de Meta.',
    action: 'Corrige cada campo indicado en los detalles; cada entrada dice qué regla incumple.',
  },
  TEMPLATE_EXISTS: {
    message: 'Ya existe una plantilla con este nombre en este idioma.',
    action: 'Elige otro nombre o elimina primero la existente (Meta bloquea un nombre eliminado durante 30 días).',
  },
  TEMPLATE_NOT_EDITABLE: {
    message: 'Una plantilla en estado {status} no se puede editar.',
    action: 'Solo se pueden editar plantillas aprobadas, rechazadas o en pausa: espera la decisión de Meta o crea una plantilla nueva.',
  },
  TEMPLATE_CATEGORY_MISUSE: {
    message: 'Las plantillas de autenticación solo llevan códigos de un solo uso, y esos códigos solo se envían en plantillas de autenticación.',
    action: 'Envía los códigos con el flujo de códigos de un solo uso y una plantilla de autenticación; responde con una plantilla de utilidad o de marketing.',
  },
  MARKETING_OPTED_OUT: {
    message: 'Este cliente dejó de recibir mensajes de marketing de tu empresa en WhatsApp, así que no se le envían plantillas de marketing.',
    action: 'Envía una plantilla de utilidad sobre su pedido o su cuenta, o espera a que el cliente vuelva a activar los mensajes de marketing en WhatsApp.',
  },
  TEMPLATE_PAUSED: {
    message: 'Meta pausó esta plantilla porque los clientes la bloquearon o denunciaron.',
    action: 'Elige otra plantilla; Meta levanta la pausa tras 3 o 6 horas, o un administrador puede editar la plantilla.',
  },
  TEMPLATE_DISABLED: {
    message: 'Meta desactivó esta plantilla por baja calidad; no se puede volver a enviar.',
    action: 'Elige otra plantilla o pide a un administrador que cree una nueva.',
  },
  PROFILE_INVALID: {
    message: 'El perfil de empresa incumple uno de los límites de Meta.',
    action: 'Corrige cada campo indicado en los detalles; cada entrada dice qué límite incumple.',
  },
  UPLOAD_INVALID: { message: 'Este archivo no se puede usar aquí.', action: 'Sube un archivo del tipo y tamaño indicados en los detalles.' },
  PROVIDER_TOKEN_INVALID: {
    message: 'Meta rechazó el token de acceso de WhatsApp del conector.',
    action: 'Un administrador debe configurar un WHATSAPP_ACCESS_TOKEN válido; `npm run setup` lo comprueba paso a paso.',
  },
  SMS_TOO_LONG: { message: 'El SMS tiene más de 1600 caracteres.', action: 'Acórtalo o divídelo en varios mensajes.' },
  SMS_NO_NUMBER: {
    message: 'Este cliente no tiene un número de teléfono al que enviar SMS.',
    action: 'Los SMS necesitan un número de teléfono; contacta a este cliente por WhatsApp.',
  },
  SMS_NOT_CONFIGURED: {
    message: 'Los SMS no están configurados en este conector.',
    action: 'Pide a tu administrador que configure TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN y TWILIO_FROM.',
  },
  RATE_LIMITED: { message: 'Demasiadas solicitudes.', action: 'Espera un momento y vuelve a intentarlo.' },
  PROVIDER_REJECTED: { message: 'WhatsApp rechazó el mensaje.', action: 'Lee el motivo; dice qué hay que cambiar.' },
  PROVIDER_UNAVAILABLE: { message: 'No se pudo contactar con WhatsApp.', action: 'El mensaje se reintentará; no hace falta hacer nada ahora.' },
  INTERNAL: {
    message: 'Algo salió mal en el conector.',
    action: 'Vuelve a intentarlo; si sigue fallando, da a tu administrador el identificador de la solicitud.',
  },
  NETWORK: { message: 'No se pudo contactar con el conector.', action: 'Comprueba tu conexión; el panel reintenta por sí solo.' },
};

export const failures: FailureTexts = {
  meta: {
    0: { reason: 'El token de acceso de WhatsApp no es válido o fue revocado.', action: `${ADMIN} Hace falta un token de acceso nuevo.` },
    1: { reason: 'WhatsApp tuvo un problema desconocido.', action: RETRIED },
    2: { reason: 'WhatsApp no está disponible temporalmente.', action: RETRIED },
    3: { reason: 'A la app de WhatsApp le falta un permiso para esto.', action: ADMIN },
    4: { reason: 'La app de WhatsApp hizo demasiadas solicitudes.', action: RETRIED_LATER },
    10: { reason: 'La app de WhatsApp no tiene permiso para hacer esto.', action: ADMIN },
    33: { reason: 'El número de envío o el id de la cuenta son incorrectos.', action: ADMIN },
    100: {
      reason: 'WhatsApp encontró en el mensaje un campo que no acepta.',
      action: 'Revisa el contenido del mensaje; si parece correcto, avisa a tu administrador.',
    },
    190: { reason: 'El token de acceso de WhatsApp caducó.', action: `${ADMIN} Hace falta un token de acceso nuevo.` },
    368: {
      reason: 'WhatsApp bloqueó temporalmente esta cuenta de empresa por infringir sus políticas.',
      action: 'Pide a tu administrador que revise la cuenta en Meta Business Manager.',
    },
    80007: { reason: 'La cuenta de WhatsApp alcanzó su límite de solicitudes.', action: RETRIED_LATER },
    130429: { reason: 'El número de envío alcanzó su límite de mensajes por segundo.', action: RETRIED },
    130472: {
      reason: 'Meta está haciendo un experimento con este cliente y no entregó el mensaje.',
      action: 'Contacta al cliente de otra forma, por ejemplo por SMS.',
    },
    130497: { reason: 'Esta empresa no puede enviar mensajes a clientes de ese país.', action: 'Contacta al cliente de otra forma, por ejemplo por SMS.' },
    131000: { reason: 'WhatsApp tuvo un problema interno.', action: RETRIED },
    131005: { reason: 'Se denegó el acceso a la app de WhatsApp.', action: ADMIN },
    131008: { reason: 'Al mensaje le falta un campo obligatorio.', action: 'Rellena todos los campos y vuelve a enviarlo.' },
    131009: {
      reason: 'Un valor del mensaje no es válido (por ejemplo, una reacción a un mensaje de hace más de 30 días).',
      action: 'Revisa el mensaje y vuelve a enviarlo.',
    },
    131016: { reason: 'WhatsApp no está disponible temporalmente.', action: RETRIED },
    131021: { reason: 'El número del cliente es el propio número de la empresa.', action: 'Comprueba el número del cliente.' },
    131026: {
      reason:
        'WhatsApp no pudo entregar el mensaje: puede que el número no use WhatsApp, que la app esté desactualizada o que el cliente haya bloqueado a esta empresa.',
      action: OTHER_WAY,
    },
    131031: { reason: 'La cuenta de empresa de WhatsApp está bloqueada.', action: 'Pide a tu administrador que revise la cuenta en Meta Business Manager.' },
    131037: {
      reason: 'El nombre visible del número de envío aún no está aprobado.',
      action: 'Pide a tu administrador que consiga la aprobación del nombre visible en WhatsApp Manager.',
    },
    131042: {
      reason: 'Hay un problema de pago en la cuenta de empresa de WhatsApp.',
      action: 'Pide a tu administrador que corrija el método de pago en Meta Business Manager.',
    },
    131045: { reason: 'El número de envío no está registrado correctamente.', action: `${ADMIN} Hay que volver a registrar el número.` },
    131047: {
      reason: 'La ventana de 24 horas se cerró, así que WhatsApp no entregó este mensaje libre.',
      action: 'Envía una plantilla; la respuesta del cliente vuelve a abrir la ventana.',
    },
    131048: {
      reason: 'Demasiados clientes bloquearon o denunciaron este número, así que WhatsApp lo está limitando.',
      action: 'Reduce el ritmo y pide a tu administrador que revise la calificación de calidad.',
    },
    131049: {
      reason: 'Meta limita cuántos mensajes de marketing recibe un cliente y retuvo este.',
      action: 'No lo reenvíes en 24 horas; una respuesta del cliente abre la ventana.',
    },
    131050: {
      reason: 'El cliente dejó de recibir mensajes de marketing de esta empresa.',
      action: 'No envíes marketing a este cliente; los mensajes de utilidad siguen permitidos.',
    },
    131051: { reason: 'WhatsApp no admite este tipo de mensaje.', action: 'Envíalo como texto o como un adjunto admitido.' },
    131052: {
      reason: 'WhatsApp no pudo descargar el archivo del cliente (puede pesar más de 100 MB).',
      action: 'Pide al cliente que lo vuelva a enviar o que lo envíe de otra forma.',
    },
    131053: {
      reason: 'WhatsApp no pudo procesar el archivo adjunto: su tipo, tamaño o codificación no se aceptan.',
      action: 'Adjunta un archivo de un tipo y tamaño admitidos.',
    },
    131056: { reason: 'Se enviaron demasiados mensajes a este cliente en poco tiempo.', action: RETRIED_LATER },
    131057: { reason: 'La cuenta de WhatsApp se está actualizando durante un minuto.', action: RETRIED },
    132000: {
      reason: 'La plantilla se envió con un número equivocado de variables.',
      action: 'Rellena todas las variables de la plantilla y vuelve a enviarla.',
    },
    132001: { reason: 'La plantilla no existe en ese idioma o no está aprobada.', action: 'Elige otra plantilla u otro idioma.' },
    132005: { reason: 'El texto de la plantilla con sus variables es demasiado largo.', action: 'Acorta las variables y vuelve a enviarla.' },
    132007: {
      reason: 'Una variable de la plantilla contiene caracteres que WhatsApp no permite.',
      action: 'Quita los saltos de línea, las tabulaciones o los espacios seguidos de las variables.',
    },
    132012: {
      reason: 'Una variable de la plantilla es del tipo equivocado (por ejemplo, texto donde se espera una imagen).',
      action: 'Rellena cada variable con el tipo que pide la plantilla.',
    },
    132015: { reason: 'Meta pausó esta plantilla por baja calidad.', action: 'Usa otra plantilla o pide a tu administrador que edite esta.' },
    132016: { reason: 'Meta desactivó esta plantilla de forma permanente.', action: 'Usa otra plantilla.' },
    133010: { reason: 'El número de envío no está registrado en la Cloud API.', action: `${ADMIN} Hay que registrar el número.` },
    133016: { reason: 'El número se registró demasiadas veces en poco tiempo.', action: 'Espera a que termine el bloqueo (hasta 72 horas).' },
  },
  metaUnknown: {
    reason: 'WhatsApp rechazó el mensaje con un error que go2msg no conoce.',
    action: 'Mira los detalles; si no están claros, da a tu administrador el código de error.',
  },
  twilio: {
    20003: {
      reason: 'Twilio rechazó el SID de la cuenta o el token de autenticación.',
      action: `${SMS_ADMIN} TWILIO_ACCOUNT_SID y TWILIO_AUTH_TOKEN deben ser válidos.`,
    },
    20404: { reason: 'Twilio no conoce esta cuenta o este remitente.', action: SMS_ADMIN },
    20429: { reason: 'Twilio pidió a go2msg que enviara más despacio.', action: RETRIED_LATER },
    21211: { reason: 'El número del cliente no es un número de teléfono válido para SMS.', action: ON_WHATSAPP },
    21408: { reason: 'La cuenta de Twilio no puede enviar SMS al país de este cliente.', action: SMS_ADMIN },
    21606: { reason: 'El número de envío no puede enviar SMS.', action: `${SMS_ADMIN} TWILIO_FROM debe ser un número de Twilio con SMS.` },
    21610: {
      reason: 'El cliente respondió STOP, así que los SMS a ese número están bloqueados.',
      action: 'Contáctalo por WhatsApp; puede enviar START para volver a recibir SMS.',
    },
    21612: { reason: 'Este número no puede recibir SMS del número de envío.', action: ON_WHATSAPP },
    21614: { reason: 'El número del cliente no es un móvil (quizá es un fijo).', action: ON_WHATSAPP },
    21617: { reason: 'El SMS tiene más de 1600 caracteres.', action: 'Acórtalo o divídelo en varios mensajes.' },
    30001: { reason: 'Twilio tenía demasiados mensajes en cola para el número de envío.', action: RETRIED },
    30003: { reason: 'El teléfono del cliente está apagado o sin cobertura.', action: 'Vuelve a intentarlo más tarde o contáctalo por WhatsApp.' },
    30004: { reason: 'El cliente o su operador bloquea los mensajes de este número.', action: 'Contáctalo por WhatsApp.' },
    30005: { reason: 'El número no existe o ya no está en servicio.', action: ON_WHATSAPP },
    30006: { reason: 'El número es un fijo o su operador no puede recibir SMS.', action: ON_WHATSAPP },
    30007: {
      reason: 'El operador filtró el mensaje como posible spam.',
      action: 'Redáctalo sin enlaces ni lenguaje promocional, o pide a tu administrador que registre el remitente (A2P 10DLC).',
    },
    30008: { reason: 'El operador no entregó el mensaje y no dio ningún motivo.', action: 'Vuelve a intentarlo más tarde o contáctalo por WhatsApp.' },
    30034: { reason: 'Los operadores de EE. UU. bloquean los SMS de un número no registrado para A2P 10DLC.', action: SMS_ADMIN },
  },
  twilioUnknown: {
    reason: 'Twilio rechazó el SMS con un error que go2msg no conoce.',
    action: 'Mira los detalles; si no están claros, da a tu administrador el código de error.',
  },
};

export const kinds: KindNames = { image: 'imagen', video: 'vídeo', audio: 'audio', document: 'documento', sticker: 'sticker', voice: 'nota de voz' };

export const limits: LimitNames = {
  RATE_LIMIT_SIGN_IN_PER_MINUTE: { what: 'inicios de sesión', per: 'desde una misma dirección de red' },
  RATE_LIMIT_AUTH_FAILURES_PER_MINUTE: { what: 'intentos de inicio de sesión rechazados', per: 'desde una misma dirección de red' },
  RATE_LIMIT_API_PER_MINUTE: { what: 'solicitudes', per: 'por persona del equipo' },
  RATE_LIMIT_UPLOADS_PER_MINUTE: { what: 'subidas de archivos', per: 'por persona del equipo' },
};

export const catalog = makeCatalog(texts, failures, kinds, limits);
