/**
 * Brazilian Portuguese: every code of the vocabulary (a missing one fails the
 * typecheck) and every Meta and Twilio failure code (test/widget/error-texts.browser.test.ts
 * checks those). Placeholders are the error's facts, as in connector/domain/errors.ts;
 * {rule} is left out, because the domain words that fact in English.
 */
import type { ErrorTexts } from '../error-catalog';
import { makeCatalog, type FailureTexts, type KindNames, type LimitNames } from './catalog';

const ADMIN = 'Peça ao administrador do go2msg para verificar a configuração do WhatsApp.';
const SMS_ADMIN = 'Peça ao administrador do go2msg para verificar a configuração de SMS (Twilio).';
const RETRIED = 'A mensagem é reenviada automaticamente.';
const RETRIED_LATER = 'A mensagem é reenviada automaticamente depois de uma pausa.';
const OTHER_WAY = 'Confirme o número com o cliente ou fale com ele de outra forma, por exemplo por SMS.';
const ON_WHATSAPP = 'Confirme o número com o cliente ou fale com ele pelo WhatsApp.';

export const texts: ErrorTexts = {
  VALIDATION_FAILED: { message: 'A solicitação não é válida.', action: 'Corrija os campos indicados nos detalhes e tente de novo.' },
  INVALID_PHONE: {
    message: 'Isso não é um número de telefone no formato internacional.',
    action: 'Escreva o número com + e o código do país, por exemplo +16505551234.',
  },
  UNAUTHENTICATED: { message: 'Você não está conectado, ou sua sessão terminou.', action: 'Entre de novo.' },
  SIGNATURE_INVALID: {
    message: 'A assinatura da solicitação está ausente ou não confere.',
    action: 'Verifique se o remetente assina com o segredo do app configurado.',
  },
  FORBIDDEN: { message: 'Você não tem permissão para fazer isso.', action: 'Peça acesso a um administrador.' },
  TEAMMATE_DISABLED: { message: 'Sua conta go2msg foi desativada.', action: 'Peça a um administrador para reativá-la.' },
  EMAIL_MISSING: {
    message: 'Seu provedor de identidade não compartilhou seu e-mail com o go2msg.',
    action: 'Peça ao administrador para liberar o e-mail (escopo "email") para o go2msg no provedor de identidade e entre de novo.',
  },
  EMAIL_NOT_VERIFIED: {
    message: 'Seu provedor de identidade não confirmou seu e-mail.',
    action: 'Confirme seu e-mail na conta da empresa (ou peça ao administrador de TI) e entre de novo.',
  },
  HOST_PROOF_INVALID: {
    message: 'Não foi possível verificar a prova de login do seu helpdesk.',
    action:
      'Recarregue a página do helpdesk ou entre com a conta da empresa; se continuar falhando, peça ao administrador para verificar a configuração do host.',
  },
  HOST_USER_NOT_LINKED: {
    message: 'Sua conta do helpdesk ainda não está vinculada ao go2msg.',
    action: 'Entre uma vez com a conta da empresa para vinculá-la; depois disso, o helpdesk faz o seu login.',
  },
  HOST_LINK_MISMATCH: {
    message: 'Esta conta do helpdesk pertence a outra pessoa: o e-mail dela não confere com a sua conta da empresa.',
    action: 'Entre no helpdesk com a sua própria conta ou peça a um administrador para vincular a conta.',
  },
  SIGN_IN_CODE_WRONG: {
    message: 'Esse não é o código que a sua janela de login mostra.',
    action: 'Digite o código de {digits} dígitos da janela de login que você abriu a partir deste painel. Tentativas restantes: {triesLeft}.',
  },
  SIGN_IN_EXPIRED: {
    message: 'Este login não pode mais ser concluído: demorou demais ou um código errado foi digitado vezes demais.',
    action: 'Clique em Entrar para começar de novo.',
  },
  WEBHOOK_BODY_REFUSED: {
    message: 'O corpo deste webhook não pode ser processado.',
    action:
      'Ele fica guardado como dead letter e não é reenviado; um administrador pode lê-lo em GET /api/admin/webhooks/dead-letters e reprocessá-lo depois de corrigir a causa.',
  },
  TOO_MANY_REQUESTS: {
    message: 'Solicitações demais: no máximo {limit} {what} por minuto {per}.',
    action: 'Espere {retryAfter} segundos e tente de novo. Se isso acontecer no trabalho normal, peça ao administrador para aumentar {setting}.',
  },
  TOO_MANY_STREAMS: {
    message: 'Este login já tem {limit} painéis ao vivo abertos.',
    action: 'Feche os painéis ou abas que não usa mais e recarregue este. Se precisar de mais, peça ao administrador para aumentar {setting}.',
  },
  CONVERSATION_OWNED: {
    message: 'Outra pessoa da equipe é dona desta conversa, e só quem é dono responde aqui.',
    action: 'Peça a ela para responder, ou assuma a conversa (Atribuir a mim) e envie de novo.',
  },
  ID_TOKEN_INVALID: {
    message: 'A resposta de login do seu provedor de identidade não passou nas verificações do go2msg, então ninguém foi conectado.',
    action:
      'Avise o administrador: OIDC_ISSUER e OIDC_CLIENT_ID precisam corresponder às configurações do provedor de identidade para o go2msg, e os tokens dele precisam ser assinados com as chaves que ele publica. Entrar de novo não vai adiantar até lá.',
  },
  ID_TOKEN_EXPIRED: {
    message: 'A resposta de login do seu provedor de identidade já tinha expirado quando chegou ao go2msg.',
    action: 'Entre de novo. Se continuar acontecendo, avise o administrador: o relógio do conector e o do provedor de identidade podem não estar de acordo.',
  },
  SIGN_IN_STATE_MISMATCH: {
    message: 'Esta resposta do seu provedor de identidade não pertence ao login que você começou aqui.',
    action: 'Feche a janela de login e clique em Entrar no painel de novo.',
  },
  USERINFO_SUBJECT_MISMATCH: {
    message: 'Seu provedor de identidade descreveu na resposta de perfil uma pessoa diferente da que entrou, então ninguém foi conectado.',
    action:
      'Avise o administrador: o endpoint UserInfo do provedor de identidade precisa devolver o mesmo sujeito (sub) que o token de ID (OpenID Connect Core §5.3.2).',
  },
  ORIGIN_NOT_ALLOWED: { message: 'Esta página não tem permissão para usar o conector.', action: 'Adicione a origem da página a ALLOWED_ORIGINS no conector.' },
  NOT_FOUND: { message: 'Não encontrado.', action: 'Verifique o endereço.' },
  WINDOW_CLOSED: {
    message: 'A janela de atendimento de 24 horas está fechada, então não é possível enviar mensagens livres.',
    action: 'Envie um modelo aprovado; a resposta do cliente abre a janela de novo.',
  },
  IDEMPOTENCY_CONFLICT: {
    message: 'Esta chave de idempotência já foi usada para outra mensagem.',
    action: 'Use uma nova chave de idempotência para uma nova mensagem.',
  },
  TEXT_EMPTY: { message: 'A mensagem está vazia.', action: 'Escreva algo antes de enviar.' },
  TEXT_TOO_LONG: { message: 'A mensagem é mais longa do que o WhatsApp permite.', action: 'Encurte-a ou divida-a em várias mensagens.' },
  TEMPLATE_NOT_FOUND: {
    message: 'Não há nenhum modelo com esse nome e idioma.',
    action: 'Escolha um modelo da lista; ele pode ter sido excluído ou renomeado.',
  },
  TEMPLATE_NOT_APPROVED: {
    message: 'Este modelo não foi aprovado pela Meta, então não pode ser enviado.',
    action: 'Escolha um modelo aprovado ou espere este ser aprovado.',
  },
  TEMPLATE_PARAMS_MISMATCH: {
    message: 'As variáveis do modelo não estão preenchidas como ele precisa.',
    action: 'Preencha todas as variáveis do modelo (pelo nome, em um modelo com variáveis nomeadas).',
  },
  MESSAGE_INVALID: { message: 'A mensagem viola uma regra do WhatsApp.', action: 'Altere a mensagem e envie de novo.' },
  MEDIA_EMPTY: { message: 'O arquivo está vazio.', action: 'Anexe o arquivo de novo.' },
  MEDIA_TYPE_UNSUPPORTED: { message: 'O WhatsApp não aceita este arquivo como {kind}.', action: 'Envie um arquivo de um destes tipos: {accepted}.' },
  MEDIA_TYPE_MISMATCH: { message: 'O arquivo diz ser {claimed}, mas o conteúdo é {detected}.', action: 'Anexe o arquivo original, salvo com o tipo real.' },
  MEDIA_TOO_LARGE: {
    message: 'Este arquivo tem {actual}; o WhatsApp aceita no máximo {limit} para {kind}.',
    action: 'Envie um arquivo menor ou compartilhe um link.',
  },
  RANGE_NOT_SATISFIABLE: {
    message: 'A parte pedida do arquivo está fora do arquivo.',
    action: 'Peça um intervalo de bytes dentro do arquivo (o tamanho está em Content-Range) ou o arquivo inteiro.',
  },
  MEDIA_NOT_FOUND: { message: 'Esse arquivo não está disponível.', action: 'Anexe o arquivo de novo.' },
  TEMPLATE_INVALID: {
    message: 'O modelo viola uma das regras de modelos da Meta.',
    action: 'Corrija cada campo indicado nos detalhes; cada item diz qual regra foi violada.',
  },
  TEMPLATE_EXISTS: {
    message: 'Já existe um modelo com este nome neste idioma.',
    action: 'Escolha outro nome ou exclua primeiro o existente (a Meta bloqueia um nome excluído por 30 dias).',
  },
  TEMPLATE_NOT_EDITABLE: {
    message: 'Um modelo com status {status} não pode ser editado.',
    action: 'Só modelos aprovados, rejeitados ou pausados podem ser editados: espere a decisão da Meta ou crie um novo modelo.',
  },
  TEMPLATE_CATEGORY_MISUSE: {
    message: 'Modelos de autenticação só levam códigos de uso único, e códigos de uso único só vão em modelos de autenticação.',
    action: 'Envie códigos pelo fluxo de código de uso único com um modelo de autenticação; responda com um modelo de utilidade ou de marketing.',
  },
  MARKETING_OPTED_OUT: {
    message: 'Este cliente deixou de receber mensagens de marketing da sua empresa no WhatsApp, então modelos de marketing não são enviados para ele.',
    action: 'Envie um modelo de utilidade sobre o pedido ou a conta dele, ou espere o cliente voltar a ativar as mensagens de marketing no WhatsApp.',
  },
  TEMPLATE_PAUSED: {
    message: 'A Meta pausou este modelo porque clientes o bloquearam ou denunciaram.',
    action: 'Escolha outro modelo; a Meta suspende a pausa depois de 3 ou 6 horas, ou um administrador pode editar o modelo.',
  },
  TEMPLATE_DISABLED: {
    message: 'A Meta desativou este modelo por baixa qualidade; ele não pode mais ser enviado.',
    action: 'Escolha outro modelo ou peça a um administrador para criar um novo.',
  },
  PROFILE_INVALID: {
    message: 'O perfil comercial viola um dos limites da Meta.',
    action: 'Corrija cada campo indicado nos detalhes; cada item diz qual limite foi violado.',
  },
  UPLOAD_INVALID: { message: 'Este arquivo não pode ser usado aqui.', action: 'Envie um arquivo do tipo e tamanho indicados nos detalhes.' },
  PROVIDER_TOKEN_INVALID: {
    message: 'A Meta recusou o token de acesso do WhatsApp do conector.',
    action: 'Um administrador precisa definir um WHATSAPP_ACCESS_TOKEN válido; `npm run setup` verifica passo a passo.',
  },
  SMS_TOO_LONG: { message: 'O SMS tem mais de 1.600 caracteres.', action: 'Encurte-o ou divida-o em várias mensagens.' },
  SMS_NO_NUMBER: {
    message: 'Este cliente não tem um número de telefone para SMS.',
    action: 'SMS precisa de um número de telefone; fale com este cliente pelo WhatsApp.',
  },
  SMS_NOT_CONFIGURED: {
    message: 'O SMS não está configurado neste conector.',
    action: 'Peça ao administrador para definir TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN e TWILIO_FROM.',
  },
  RATE_LIMITED: { message: 'Solicitações demais.', action: 'Espere um momento e tente de novo.' },
  PROVIDER_REJECTED: { message: 'O WhatsApp recusou a mensagem.', action: 'Veja o motivo; ele diz o que mudar.' },
  PROVIDER_UNAVAILABLE: { message: 'Não foi possível acessar o WhatsApp.', action: 'A mensagem será reenviada; não é preciso fazer nada agora.' },
  INTERNAL: { message: 'Algo deu errado no conector.', action: 'Tente de novo; se continuar falhando, informe ao administrador o id da solicitação.' },
  NETWORK: { message: 'Não foi possível acessar o conector.', action: 'Verifique sua conexão; o painel tenta de novo sozinho.' },
};

export const failures: FailureTexts = {
  meta: {
    0: { reason: 'O token de acesso do WhatsApp é inválido ou foi revogado.', action: `${ADMIN} É preciso um novo token de acesso.` },
    1: { reason: 'O WhatsApp teve um problema desconhecido.', action: RETRIED },
    2: { reason: 'O WhatsApp está temporariamente fora do ar.', action: RETRIED },
    3: { reason: 'Falta ao app do WhatsApp uma permissão para isso.', action: ADMIN },
    4: { reason: 'O app do WhatsApp fez solicitações demais.', action: RETRIED_LATER },
    10: { reason: 'O app do WhatsApp não tem permissão para fazer isso.', action: ADMIN },
    33: { reason: 'O número de envio ou o id da conta está errado.', action: ADMIN },
    100: {
      reason: 'O WhatsApp encontrou na mensagem um campo que não aceita.',
      action: 'Verifique o conteúdo da mensagem; se parecer certo, avise o administrador.',
    },
    190: { reason: 'O token de acesso do WhatsApp expirou.', action: `${ADMIN} É preciso um novo token de acesso.` },
    368: {
      reason: 'O WhatsApp bloqueou temporariamente esta conta comercial por violação de políticas.',
      action: 'Peça ao administrador para revisar a conta no Meta Business Manager.',
    },
    80007: { reason: 'A conta do WhatsApp atingiu o limite de solicitações.', action: RETRIED_LATER },
    130429: { reason: 'O número de envio atingiu o limite de mensagens por segundo.', action: RETRIED },
    130472: {
      reason: 'A Meta está fazendo um experimento com este cliente e não entregou a mensagem.',
      action: 'Fale com o cliente de outra forma, por exemplo por SMS.',
    },
    130497: { reason: 'Esta empresa não pode enviar mensagens a clientes desse país.', action: 'Fale com o cliente de outra forma, por exemplo por SMS.' },
    131000: { reason: 'O WhatsApp teve um problema interno.', action: RETRIED },
    131005: { reason: 'O acesso do app do WhatsApp foi negado.', action: ADMIN },
    131008: { reason: 'Falta um campo obrigatório na mensagem.', action: 'Preencha todos os campos e envie de novo.' },
    131009: {
      reason: 'Um valor da mensagem não é válido (por exemplo, uma reação a uma mensagem de mais de 30 dias).',
      action: 'Verifique a mensagem e envie de novo.',
    },
    131016: { reason: 'O WhatsApp está temporariamente indisponível.', action: RETRIED },
    131021: { reason: 'O número do cliente é o próprio número da empresa.', action: 'Verifique o número do cliente.' },
    131026: {
      reason:
        'O WhatsApp não conseguiu entregar a mensagem: o número pode não usar WhatsApp, o app pode estar desatualizado ou o cliente bloqueou esta empresa.',
      action: OTHER_WAY,
    },
    131031: { reason: 'A conta comercial do WhatsApp está bloqueada.', action: 'Peça ao administrador para revisar a conta no Meta Business Manager.' },
    131037: {
      reason: 'O nome de exibição do número de envio ainda não foi aprovado.',
      action: 'Peça ao administrador para aprovar o nome de exibição no WhatsApp Manager.',
    },
    131042: {
      reason: 'Há um problema de pagamento na conta comercial do WhatsApp.',
      action: 'Peça ao administrador para corrigir a forma de pagamento no Meta Business Manager.',
    },
    131045: { reason: 'O número de envio não está registrado corretamente.', action: `${ADMIN} O número precisa ser registrado de novo.` },
    131047: {
      reason: 'A janela de 24 horas fechou, então o WhatsApp não entregou esta mensagem livre.',
      action: 'Envie um modelo; a resposta do cliente abre a janela de novo.',
    },
    131048: {
      reason: 'Clientes demais bloquearam ou denunciaram este número, então o WhatsApp o está limitando.',
      action: 'Diminua o ritmo e peça ao administrador para verificar a classificação de qualidade.',
    },
    131049: {
      reason: 'A Meta limita quantas mensagens de marketing um cliente recebe e segurou esta.',
      action: 'Não reenvie nas próximas 24 horas; uma resposta do cliente abre a janela.',
    },
    131050: {
      reason: 'O cliente deixou de receber mensagens de marketing desta empresa.',
      action: 'Não envie marketing a este cliente; mensagens de utilidade continuam permitidas.',
    },
    131051: { reason: 'O WhatsApp não aceita este tipo de mensagem.', action: 'Envie como texto ou como um anexo aceito.' },
    131052: {
      reason: 'O WhatsApp não conseguiu baixar o arquivo do cliente (pode ter mais de 100 MB).',
      action: 'Peça ao cliente para enviar de novo ou de outra forma.',
    },
    131053: {
      reason: 'O WhatsApp não conseguiu processar o arquivo anexado: o tipo, o tamanho ou a codificação não são aceitos.',
      action: 'Anexe um arquivo de tipo e tamanho aceitos.',
    },
    131056: { reason: 'Mensagens demais foram enviadas a este cliente em pouco tempo.', action: RETRIED_LATER },
    131057: { reason: 'A conta do WhatsApp está sendo atualizada por um minuto.', action: RETRIED },
    132000: { reason: 'O modelo foi enviado com o número errado de variáveis.', action: 'Preencha todas as variáveis do modelo e envie de novo.' },
    132001: { reason: 'O modelo não existe nesse idioma ou não está aprovado.', action: 'Escolha outro modelo ou idioma.' },
    132005: { reason: 'O texto do modelo com as variáveis é longo demais.', action: 'Encurte as variáveis e envie de novo.' },
    132007: {
      reason: 'Uma variável do modelo contém caracteres que o WhatsApp não permite.',
      action: 'Remova quebras de linha, tabulações ou sequências de espaços das variáveis.',
    },
    132012: {
      reason: 'Uma variável do modelo é do tipo errado (por exemplo, texto onde se espera uma imagem).',
      action: 'Preencha cada variável com o tipo que o modelo pede.',
    },
    132015: { reason: 'A Meta pausou este modelo por baixa qualidade.', action: 'Use outro modelo ou peça ao administrador para editar este.' },
    132016: { reason: 'A Meta desativou este modelo permanentemente.', action: 'Use outro modelo.' },
    133010: { reason: 'O número de envio não está registrado na Cloud API.', action: `${ADMIN} O número precisa ser registrado.` },
    133016: { reason: 'O número foi registrado vezes demais recentemente.', action: 'Espere o bloqueio terminar (até 72 horas).' },
  },
  metaUnknown: {
    reason: 'O WhatsApp recusou a mensagem com um erro que o go2msg não conhece.',
    action: 'Veja os detalhes; se não estiverem claros, informe ao administrador o código do erro.',
  },
  twilio: {
    20003: {
      reason: 'O Twilio recusou o SID da conta ou o token de autenticação.',
      action: `${SMS_ADMIN} TWILIO_ACCOUNT_SID e TWILIO_AUTH_TOKEN precisam ser válidos.`,
    },
    20404: { reason: 'O Twilio não conhece esta conta ou este remetente.', action: SMS_ADMIN },
    20429: { reason: 'O Twilio pediu ao go2msg para enviar mais devagar.', action: RETRIED_LATER },
    21211: { reason: 'O número do cliente não é um número de telefone válido para SMS.', action: ON_WHATSAPP },
    21408: { reason: 'A conta do Twilio não pode enviar SMS para o país deste cliente.', action: SMS_ADMIN },
    21606: { reason: 'O número de envio não pode enviar SMS.', action: `${SMS_ADMIN} TWILIO_FROM precisa ser um número do Twilio com SMS.` },
    21610: {
      reason: 'O cliente respondeu STOP, então SMS para ele estão bloqueados.',
      action: 'Fale com ele pelo WhatsApp; ele pode enviar START para voltar a receber SMS.',
    },
    21612: { reason: 'Este número não pode receber SMS do número de envio.', action: ON_WHATSAPP },
    21614: { reason: 'O número do cliente não é um celular (talvez seja um fixo).', action: ON_WHATSAPP },
    21617: { reason: 'O SMS tem mais de 1.600 caracteres.', action: 'Encurte-o ou divida-o em várias mensagens.' },
    30001: { reason: 'O Twilio tinha mensagens demais na fila do número de envio.', action: RETRIED },
    30003: { reason: 'O telefone do cliente está desligado ou fora da área de cobertura.', action: 'Tente de novo mais tarde ou fale com ele pelo WhatsApp.' },
    30004: { reason: 'O cliente ou a operadora bloqueia mensagens deste número.', action: 'Fale com ele pelo WhatsApp.' },
    30005: { reason: 'O número não existe ou não está mais em serviço.', action: ON_WHATSAPP },
    30006: { reason: 'O número é fixo ou a operadora não recebe SMS.', action: ON_WHATSAPP },
    30007: {
      reason: 'A operadora filtrou a mensagem como possível spam.',
      action: 'Reescreva sem links nem linguagem promocional, ou peça ao administrador para registrar o remetente (A2P 10DLC).',
    },
    30008: { reason: 'A operadora não entregou a mensagem e não informou o motivo.', action: 'Tente de novo mais tarde ou fale com ele pelo WhatsApp.' },
    30034: { reason: 'As operadoras dos EUA bloqueiam SMS de um número não registrado para A2P 10DLC.', action: SMS_ADMIN },
  },
  twilioUnknown: {
    reason: 'O Twilio recusou o SMS com um erro que o go2msg não conhece.',
    action: 'Veja os detalhes; se não estiverem claros, informe ao administrador o código do erro.',
  },
};

export const kinds: KindNames = { image: 'imagem', video: 'vídeo', audio: 'áudio', document: 'documento', sticker: 'figurinha', voice: 'mensagem de voz' };

export const limits: LimitNames = {
  RATE_LIMIT_SIGN_IN_PER_MINUTE: { what: 'logins', per: 'do mesmo endereço de rede' },
  RATE_LIMIT_AUTH_FAILURES_PER_MINUTE: { what: 'tentativas de login recusadas', per: 'do mesmo endereço de rede' },
  RATE_LIMIT_API_PER_MINUTE: { what: 'solicitações', per: 'por pessoa da equipe' },
  RATE_LIMIT_UPLOADS_PER_MINUTE: { what: 'envios de arquivo', per: 'por pessoa da equipe' },
};

export const catalog = makeCatalog(texts, failures, kinds, limits);
