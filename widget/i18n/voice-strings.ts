/**
 * The voice recorder's strings (lazy/voice-recorder.ts), in every language the
 * panel speaks. They load with the recorder, not with every panel.
 */
import type { Locale } from './locale';

const en = {
  voiceRecording: 'Recording a voice note',
  voiceStarting: 'Waiting for the microphone…',
  voiceLevel: 'Microphone level',
  voiceStop: 'Stop and preview',
  voiceCancel: 'Discard the recording',
  voiceProcessing: 'Preparing the voice note…',
  voiceLimit: 'The recording stopped at {limit}, the most WhatsApp shows as a voice message.',
  voiceDenied:
    'The browser is not allowed to use the microphone. Allow the microphone for this page in the browser’s site settings (the icon left of the address), then try again.',
  voiceNoMicrophone: 'No microphone was found. Connect one (or pick one in the system’s sound settings), then try again.',
  voiceBusy: 'The microphone could not be started: another app may be using it. Close that app, then try again.',
  voiceUnsupported: 'This browser cannot record voice notes. Use a current Chrome, Edge or Firefox, or attach an .ogg file instead.',
  voiceFailed: 'The recording could not be turned into a voice note. Try again; if it keeps failing, attach an .ogg file instead.',
  voiceDismiss: 'Dismiss',
} as const;

export type VoiceStrings = Record<keyof typeof en, string>;

const es: VoiceStrings = {
  voiceRecording: 'Grabando un mensaje de voz',
  voiceStarting: 'Esperando el micrófono…',
  voiceLevel: 'Nivel del micrófono',
  voiceStop: 'Detener y escuchar',
  voiceCancel: 'Descartar la grabación',
  voiceProcessing: 'Preparando el mensaje de voz…',
  voiceLimit: 'La grabación se detuvo en {limit}, lo máximo que WhatsApp muestra como mensaje de voz.',
  voiceDenied:
    'El navegador no tiene permiso para usar el micrófono. Permite el micrófono para esta página en la configuración del sitio (el icono a la izquierda de la dirección) y vuelve a intentarlo.',
  voiceNoMicrophone: 'No se encontró ningún micrófono. Conecta uno (o elige uno en la configuración de sonido del sistema) y vuelve a intentarlo.',
  voiceBusy: 'No se pudo iniciar el micrófono: puede que otra aplicación lo esté usando. Ciérrala y vuelve a intentarlo.',
  voiceUnsupported: 'Este navegador no puede grabar mensajes de voz. Usa Chrome, Edge o Firefox actualizados, o adjunta un archivo .ogg.',
  voiceFailed: 'La grabación no se pudo convertir en un mensaje de voz. Vuelve a intentarlo; si sigue fallando, adjunta un archivo .ogg.',
  voiceDismiss: 'Cerrar',
};

const ptBR: VoiceStrings = {
  voiceRecording: 'Gravando uma mensagem de voz',
  voiceStarting: 'Aguardando o microfone…',
  voiceLevel: 'Nível do microfone',
  voiceStop: 'Parar e ouvir',
  voiceCancel: 'Descartar a gravação',
  voiceProcessing: 'Preparando a mensagem de voz…',
  voiceLimit: 'A gravação parou em {limit}, o máximo que o WhatsApp mostra como mensagem de voz.',
  voiceDenied:
    'O navegador não tem permissão para usar o microfone. Permita o microfone para esta página nas configurações do site (o ícone à esquerda do endereço) e tente de novo.',
  voiceNoMicrophone: 'Nenhum microfone foi encontrado. Conecte um (ou escolha um nas configurações de som do sistema) e tente de novo.',
  voiceBusy: 'Não foi possível iniciar o microfone: outro aplicativo pode estar usando. Feche esse aplicativo e tente de novo.',
  voiceUnsupported: 'Este navegador não grava mensagens de voz. Use um Chrome, Edge ou Firefox atual, ou anexe um arquivo .ogg.',
  voiceFailed: 'Não foi possível transformar a gravação em uma mensagem de voz. Tente de novo; se continuar falhando, anexe um arquivo .ogg.',
  voiceDismiss: 'Fechar',
};

export const VOICE_STRINGS: Record<Locale, VoiceStrings> = { en, es, 'pt-BR': ptBR };
