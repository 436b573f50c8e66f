import type { Messages } from './en.js';

/** Two-step verification and passkeys, in French. */
export const frSecondFactors: Pick<Messages, 'twoStep' | 'passkeys'> = {
  twoStep: {
    usePasskey: 'Utiliser une clé d’accès',
    stepUpLabel: "Code de votre application d'authentification",
    stepUpIntro: 'Cette modification demande une connexion récente : confirmez que c’est bien vous.',
    stepUpPasskey: 'Confirmer avec une clé d’accès',
    passkeyCancelled: 'La clé d’accès n’a pas servi : réessayez, ou choisissez un autre moyen.',
    stepUpConfirm: 'Confirmer',
    requiredTitle: 'La validation en deux étapes est exigée',
    requiredIntro:
      "Votre compte demande un second facteur à chaque utilisateur. Configurez une application d'authentification pour continuer.",
    section: 'Validation en deux étapes',
    help: "En plus de votre mot de passe, la connexion demande un code d'une application d'authentification sur votre téléphone (Google Authenticator, FreeOTP, 1Password…) : un mot de passe volé ne suffit alors plus.",
    start: "Configurer une application d'authentification",
    scan: "Scannez ce QR code avec l'application, puis tapez les six chiffres qu'elle affiche.",
    qrAlt: "QR code à scanner avec votre application d'authentification",
    typed: "Pas d'appareil photo ? Tapez cette clé dans l'application :",
    codeLabel: "Code de l'application",
    confirm: 'Activer',
    on: 'Activée',
    codesLeft_one: 'Il reste un code de secours.',
    codesLeft_other: 'Il reste {{count}} codes de secours.',
    newCodes: 'Créer de nouveaux codes de secours',
    remove: "Retirer l'application d'authentification",
    confirmPassword: 'Votre mot de passe, pour confirmer',
    codesIntro:
      'Vos codes de secours : chacun vous connecte une fois si vous perdez votre téléphone. Gardez-les en lieu sûr ; ils ne sont affichés que maintenant.',
    codesSaved: 'Je les ai gardés',
    signInTitle: 'Validation en deux étapes',
    codeHelp: "Ouvrez votre application d'authentification et tapez les six chiffres qu'elle affiche pour ce compte.",
    recoveryHelp: "Tapez l'un des codes de secours que vous avez gardés : il ne servira plus ensuite.",
    recoveryLabel: 'Code de secours',
    verify: 'Vérifier',
    useRecovery: 'Téléphone perdu ? Utilisez un code de secours',
    useRecoveryInstead: 'Pas de clé d’accès sous la main ? Utilisez un code de secours',
    back: 'Revenir à la connexion',
    useApp: "Utiliser l'application d'authentification",
  },
  passkeys: {
    section: 'Clés d’accès',
    unavailable: {
      loopback:
        'Les navigateurs n’acceptent les clés d’accès que sur un site nommé, jamais sur une adresse IP comme celle-ci : <go>ouvrez cette page sur localhost</go>.',
      address:
        'Les navigateurs n’acceptent les clés d’accès que sur un site nommé, jamais sur une adresse IP : ouvrez la console par son nom.',
      insecure:
        'Les navigateurs n’acceptent les clés d’accès que sur des pages sécurisées (https) : ouvrez la console en https.',
      unsupported:
        'Ce navigateur ne sait pas utiliser les clés d’accès : utilisez un navigateur récent, ou connectez-vous avec votre mot de passe.',
    },
    help: 'Connectez-vous avec le verrou de votre appareil — empreinte, visage ou code — au lieu d’un mot de passe : rien à taper, rien à voler. Une clé d’accès ne marche que sur ce site.',
    none: 'Aucune clé d’accès pour le moment.',
    name: 'Nom de la nouvelle clé d’accès',
    defaultName: 'Clé d’accès',
    add: 'Ajouter une clé d’accès',
    created: 'ajoutée {{when}}',
    used: 'dernière utilisation {{when}}',
    unused: 'jamais utilisée',
    synced: 'synchronisée entre vos appareils',
    remove: 'Retirer {{name}}',
    browserFailed: 'Le navigateur n’a pas pu utiliser de clé d’accès : réessayez, ou avec un autre appareil.',
    signIn: 'Se connecter avec une clé d’accès',
  },
};
