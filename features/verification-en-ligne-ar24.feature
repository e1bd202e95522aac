# language: fr
@AR24
Fonctionnalité: Vérifier son identité en ligne avec AR24
  La vérification 100% en ligne passe par une lettre recommandée électronique (LRE) d'AR24 :
  accepter les CGU de AR24, recevoir l'e-mail du courrier, « Voir mon courrier »,
  « Confirmer mon identité », accomplir les 3 actions de l'identification visuelle, attendre
  24 à 48 heures le résultat, puis activer l'application (ÉTAPES 17 à 24 du guide, FAQ
  « Comment faire vérifier mon identité en ligne ? »).

  Contexte:
    Soit le monde « défaut »
    Et Camille, qui veut créer son Identité Numérique
    Et Camille a déclaré son identité

  @AR24-01 @mode-online
  Scénario: ÉTAPE 18 : sans accepter les CGU de AR24, pas de lettre recommandée électronique
    Quand Camille choisit la vérification « En ligne » sans accepter les CGU de AR24
    Alors la demande est refusée avec le code « ar24_cgu_not_accepted »
    Quand 1 heure passe
    Alors Camille n'a reçu aucun e-mail d'AR24

  @AR24-01 @AR24-02 @VER-01 @ENR-04 @mode-online
  Scénario: ÉTAPES 17 à 20 : accepter les CGU de AR24 puis recevoir le courrier, qui n'arrive pas immédiatement
    Quand Camille choisit la vérification « En ligne » et accepte les CGU de AR24 : « CONFIRMER »
    Alors la demande est acceptée
    Et Camille reçoit l'e-mail d'AR24 « Vous avez reçu un courrier recommandé électronique », pas immédiatement
    Et l'Espace Client de Camille affiche « Vérification d'identité »
    Et en cliquant sur « Voir mon courrier », Camille voit « Confirmer mon identité » et « Je ne suis pas cette personne »

  @AR24-02 @VER-09 @mode-online
  Scénario: ÉTAPE 20 : « Je ne suis pas cette personne » fait échouer la vérification
    Soit Camille a choisi la vérification en ligne et reçu le courrier d'AR24
    Quand Camille clique sur « Voir mon courrier » dans l'e-mail d'AR24 puis sur « Je ne suis pas cette personne »
    Alors l'Espace Client de Camille affiche « La vérification de votre identité a échoué. »
    Et l'Espace Client de Camille propose « Vérifier mon identité en ligne »

  @AR24-03 @mode-online
  Plan du scénario: Rappel : Vous avez reçu un courrier recommandé électronique, au bout de 7 jours sans lecture
    Soit Camille a choisi la vérification en ligne et reçu le courrier d'AR24
    Quand il s'est écoulé <délai> depuis la réception du courrier d'AR24 de Camille
    Alors <constat>

    Exemples:
      | délai      | constat                                                                                         |
      | 167 heures | Camille n'a reçu aucun rappel d'AR24                                                            |
      | 168 heures | Camille a reçu le rappel d'AR24 « Rappel : Vous avez reçu un courrier recommandé électronique » |

  @AR24-03 @mode-online
  Scénario: Rappel : pas de rappel quand le courrier a été lu
    Soit Camille a choisi la vérification en ligne et reçu le courrier d'AR24
    Quand il s'est écoulé 3 jours depuis la réception du courrier d'AR24 de Camille
    Et Camille clique sur « Voir mon courrier » dans l'e-mail d'AR24
    Et il s'est écoulé 8 jours depuis la réception du courrier d'AR24 de Camille
    Alors Camille n'a reçu aucun rappel d'AR24

  @AR24-04 @mode-online
  Plan du scénario: Comment changer le mode de vérification : la LRE expire 15 jours après sa réception
    Soit Camille a choisi la vérification en ligne et reçu le courrier d'AR24
    Quand il s'est écoulé <délai> depuis la réception du courrier d'AR24 de Camille
    Alors <constat>

    Exemples:
      | délai      | constat                                                                 |
      | 359 heures | Camille peut encore lire son courrier recommandé d'AR24                |
      | 360 heures | Camille ne peut plus lire son courrier recommandé d'AR24 : il a expiré |

  @AR24-04 @VER-08 @mode-online @mode-post-office
  Scénario: Comment changer le mode de vérification : pas avant l'expiration de la LRE
    Soit Camille a choisi la vérification en ligne et reçu le courrier d'AR24
    Quand il s'est écoulé 14 jours depuis la réception du courrier d'AR24 de Camille
    Et Camille abandonne la vérification en ligne pour le passage en bureau de poste
    Alors la demande est refusée avec le code « mode_change_locked »
    Quand il s'est écoulé 15 jours depuis la réception du courrier d'AR24 de Camille
    Alors l'Espace Client de Camille propose « Passage en bureau de poste »
    Quand Camille abandonne la vérification en ligne pour le passage en bureau de poste
    Alors la demande est acceptée
    Quand 10 minutes passent
    Alors Camille a reçu un SMS contenant « votre code d'activation est »

  @AR24-04 @AR24-07 @VER-08 @mode-online @mode-post-office
  Scénario: Comment changer le mode de vérification : une identification faite avant l'expiration est examinée jusqu'au bout
    Soit Camille a choisi la vérification en ligne et reçu le courrier d'AR24
    Quand il s'est écoulé 348 heures depuis la réception du courrier d'AR24 de Camille
    Et Camille fait l'identification visuelle avec une photo en couleur de sa pièce d'identité
    Et il s'est écoulé 361 heures depuis la réception du courrier d'AR24 de Camille
    Et Camille abandonne la vérification en ligne pour le passage en bureau de poste
    Alors la demande est refusée avec le code « mode_change_locked »
    Et l'Espace Client de Camille affiche « Votre identification a bien été reçue par AR24 : le résultat de la vérification vous sera envoyé par e-mail sous 24 à 48 heures. »
    Et Camille reçoit le résultat d'AR24 entre 24 et 48 heures après l'identification visuelle : « Votre identité a été vérifiée »
    Et l'Espace Client de Camille affiche « Téléchargement de l'application mobile »

  @AR24-05 @AR24-07 @ACT-07 @ACT-02 @DOC-06 @ENR-04 @mode-online
  Plan du scénario: ÉTAPES 21 à 24 : l'identification visuelle, 24 à 48 heures de vérification, puis l'activation
    Soit Camille a choisi la vérification en ligne et reçu le courrier d'AR24
    Quand Camille fait l'identification visuelle avec <action>
    Et Camille tente d'activer l'application pendant la vérification d'AR24
    Alors la demande est refusée avec le code « identity_not_verified »
    Et Camille reçoit le résultat d'AR24 entre 24 et 48 heures après l'identification visuelle : « Votre identité a été vérifiée »
    Et Camille a reçu un e-mail « Dernière étape : activez votre Identité Numérique »
    Et l'Espace Client de Camille affiche « Téléchargement de l'application mobile »
    Quand Camille active l'application après le résultat d'AR24
    Alors la demande est acceptée
    Et l'Espace Client de Camille affiche « Identité Numérique activée »

    Exemples:
      | action                                        |
      | une photo en couleur de sa pièce d'identité   |
      | un scan JPEG de sa pièce d'identité           |
      | les 3 chiffres écrits sur un papier           |
      | la tête tournée au lieu de la pièce remontée  |

  @AR24-05 @AR24-07 @DOC-06 @VER-09 @mode-online
  Plan du scénario: ÉTAPE 22 : une action mal faite fait rejeter l'identification visuelle
    Soit Camille a choisi la vérification en ligne et reçu le courrier d'AR24
    Quand Camille fait l'identification visuelle avec <défaut>
    Et Camille tente d'activer l'application pendant la vérification d'AR24
    Alors la demande est refusée avec le code « identity_not_verified »
    Et Camille reçoit le résultat d'AR24 entre 24 et 48 heures après l'identification visuelle : « La vérification de votre identité a échoué »
    Et l'Espace Client de Camille affiche « La vérification de votre identité a échoué. »
    Et l'Espace Client de Camille propose « Vérifier mon identité en ligne »

    Exemples:
      | défaut                                              |
      | une photo floue de sa pièce d'identité              |
      | une photo de sa pièce d'identité avec un reflet     |
      | une photocopie de sa pièce d'identité               |
      | sa pièce d'identité dans son étui                   |
      | une photo en noir et blanc de sa pièce d'identité   |
      | une vidéo de son visage sans les 3 chiffres         |
      | une vidéo sans remonter la pièce ni tourner la tête |

  @AR24-09 @VER-09 @VER-02 @mode-online @mode-post-office @mode-postman
  Plan du scénario: La vérification de mon identité a échoué, comment faire ? Recommencer avec « <mode> »
    Soit Camille a choisi la vérification en ligne et reçu le courrier d'AR24
    Quand Camille fait l'identification visuelle avec une photo floue de sa pièce d'identité
    Alors Camille reçoit le résultat d'AR24 entre 24 et 48 heures après l'identification visuelle : « La vérification de votre identité a échoué »
    Et l'Espace Client de Camille propose « <mode> »
    Quand Camille recommence la vérification avec « <mode> »
    Alors la demande est acceptée
    Quand 10 minutes passent
    Alors <preuve>

    Exemples:
      | mode                           | preuve                                                          |
      | Vérifier mon identité en ligne | Camille reçoit un nouveau courrier d'AR24                       |
      | Passage en bureau de poste     | Camille a reçu un SMS contenant « votre code d'activation est » |
      | Rencontrer votre facteur       | Camille a reçu un SMS contenant « votre code d'activation est » |

  @AR24-09 @AR24-05 @AR24-07 @mode-online
  Scénario: La vérification de mon identité a échoué, comment faire ? Réussir en ligne au second essai
    Soit Camille a choisi la vérification en ligne et reçu le courrier d'AR24
    Quand Camille fait l'identification visuelle avec une photocopie de sa pièce d'identité
    Alors Camille reçoit le résultat d'AR24 entre 24 et 48 heures après l'identification visuelle : « La vérification de votre identité a échoué »
    Quand Camille recommence la vérification avec « Vérifier mon identité en ligne »
    Alors la demande est acceptée
    Et Camille reçoit un nouveau courrier d'AR24
    Quand Camille fait l'identification visuelle avec une photo en couleur de sa pièce d'identité
    Alors Camille reçoit le résultat d'AR24 entre 24 et 48 heures après l'identification visuelle : « Votre identité a été vérifiée »
    Et Camille a reçu un e-mail « Dernière étape : activez votre Identité Numérique »

  @AR24-06 @mode-online
  Plan du scénario: Comment faire vérifier mon identité en ligne ? Sur <appareil>
    Soit Camille a choisi la vérification en ligne et reçu le courrier d'AR24
    Quand Camille fait l'identification visuelle sur <appareil>
    Alors Camille reçoit le résultat d'AR24 entre 24 et 48 heures après l'identification visuelle : « Votre identité a été vérifiée »
    Et Camille a reçu un e-mail « Dernière étape : activez votre Identité Numérique »

    Exemples:
      | appareil                                       |
      | son smartphone                                 |
      | un ordinateur avec une webcam et Google Chrome |

  @AR24-06 @mode-online
  Plan du scénario: Comment faire vérifier mon identité en ligne ? Pas sur <appareil>
    Soit Camille a choisi la vérification en ligne et reçu le courrier d'AR24
    Alors Camille ne peut pas faire l'identification visuelle sur <appareil>
    Quand Camille fait l'identification visuelle sur son smartphone
    Alors Camille reçoit le résultat d'AR24 entre 24 et 48 heures après l'identification visuelle : « Votre identité a été vérifiée »

    Exemples:
      | appareil                                 |
      | un ordinateur sans webcam                |
      | un ordinateur avec une webcam et Firefox |

  @AR24-08 @DATA-03 @mode-online
  Plan du scénario: Comment AR24 gère les données d'identité ? Supprimées 72 heures après la vérification
    Soit Camille a choisi la vérification en ligne et reçu le courrier d'AR24
    Quand Camille fait l'identification visuelle avec <action>
    Alors Camille reçoit le résultat d'AR24 entre 24 et 48 heures après l'identification visuelle : <résultat>
    Et AR24 conserve les données d'identification de Camille
    Quand il s'est écoulé <délai> depuis la vérification d'AR24 pour Camille
    Alors <constat>

    Exemples:
      | action                                      | résultat                                       | délai     | constat                                                 |
      | une photo en couleur de sa pièce d'identité | « Votre identité a été vérifiée »              | 71 heures | AR24 conserve les données d'identification de Camille   |
      | une photo en couleur de sa pièce d'identité | « Votre identité a été vérifiée »              | 72 heures | AR24 a supprimé les données d'identification de Camille |
      | une photo floue de sa pièce d'identité      | « La vérification de votre identité a échoué » | 72 heures | AR24 a supprimé les données d'identification de Camille |

  @AR24-08 @DATA-03 @VER-10 @ELIG-05 @mode-online
  Scénario: Comment AR24 gère les données d'identité ? Conservées en cas de fraude
    Soit Camille a choisi la vérification en ligne et reçu le courrier d'AR24
    Quand un fraudeur fait l'identification visuelle à la place de Camille
    Alors Camille reçoit le résultat d'AR24 entre 24 et 48 heures après l'identification visuelle : « La vérification de votre identité a échoué »
    Et l'Espace Client de Camille affiche « La vérification de votre identité a échoué. »
    Quand il s'est écoulé 30 jours depuis la vérification d'AR24 pour Camille
    Alors AR24 conserve les données d'identification de Camille
