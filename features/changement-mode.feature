# language: fr
Fonctionnalité: Changer le mode de vérification de son identité
  Du facteur au bureau de poste, pas besoin d'annuler le rendez-vous : il suffit de se
  rendre dans un bureau de poste participant avant la date du passage du facteur. Du
  facteur à la vérification en ligne, et du bureau de poste au facteur ou à la vérification
  en ligne, on passe par « Changer le mode de vérification ». Après avoir choisi la
  vérification en ligne (AR24), on ne peut plus changer de mode avant l'expiration de la
  LRE, 15 jours après sa réception (FAQ : « Comment changer le mode de vérification de mon
  identité ? »).

  Contexte:
    Soit le monde « défaut »
    Et nous sommes le 02/03/2026
    Et Camille, qui veut créer son Identité Numérique
    Et Camille a déclaré son identité

  @VER-08 @VER-05 @VER-02 @VER-06 @mode-post-office @mode-postman
  Scénario: Comment changer le mode de vérification de mon identité ? Du facteur au bureau de poste, sans annuler le rendez-vous
    Quand Camille prend rendez-vous avec son facteur pour le 09/03/2026
    Et 3 jours passent
    Et Camille se présente au bureau de poste « po-69002-bellecour » avec sa pièce d'identité et son code d'activation
    Alors le contrôle de l'identité de Camille réussit
    Et Camille reçoit dans l'heure l'e-mail « Dernière étape : activez votre Identité Numérique »
    Et le facteur ne vient pas chez Camille le 09/03/2026

  @VER-08 @mode-online @mode-postman
  Scénario: Comment changer le mode de vérification de mon identité ? Du facteur à la vérification en ligne
    Quand Camille prend rendez-vous avec son facteur pour le 09/03/2026
    Alors l'Espace Client de Camille propose « Changer le mode de vérification »
    Quand Camille change le mode de vérification pour « la vérification en ligne »
    Alors la demande est acceptée
    Quand la lettre recommandée électronique de Camille lui est parvenue
    Alors Camille a reçu un e-mail « Vous avez reçu un courrier recommandé électronique »
    Et le facteur ne vient pas chez Camille le 09/03/2026

  @VER-08 @VER-02 @mode-post-office @mode-postman
  Scénario: Comment changer le mode de vérification de mon identité ? Du bureau de poste au facteur
    Quand Camille opte pour le passage en bureau de poste
    Alors l'Espace Client de Camille propose « Changer le mode de vérification »
    Quand Camille change le mode de vérification pour rencontrer son facteur le 06/03/2026
    Alors la demande est acceptée
    Et Camille a reçu par SMS un code d'activation à 6 chiffres
    Quand le facteur passe chez Camille
    Alors le facteur a sonné chez Camille le 06/03/2026, le matin ou l'après-midi
    Et le contrôle de l'identité de Camille réussit

  @VER-08 @mode-online @mode-post-office
  Scénario: Comment changer le mode de vérification de mon identité ? Du bureau de poste à la vérification en ligne
    Quand Camille opte pour le passage en bureau de poste
    Alors l'Espace Client de Camille propose « Changer le mode de vérification »
    Quand Camille change le mode de vérification pour « la vérification en ligne »
    Alors la demande est acceptée
    Quand la lettre recommandée électronique de Camille lui est parvenue
    Alors Camille a reçu un e-mail « Vous avez reçu un courrier recommandé électronique »

  @VER-08 @AR24-04 @mode-online @mode-post-office @mode-postman
  Plan du scénario: Comment changer le mode de vérification de mon identité ? En ligne, pas de changement <durée> après la réception de la LRE
    Quand Camille change le mode de vérification pour « la vérification en ligne »
    Et la lettre recommandée électronique de Camille lui est parvenue
    Et <durée> passent
    Et Camille change le mode de vérification pour « <mode> »
    Alors la demande est refusée avec le code « mode_change_locked »

    Exemples:
      | durée      | mode                          |
      | 10 minutes | le passage en bureau de poste |
      | 14 jours   | le passage en bureau de poste |
      | 14 jours   | la rencontre avec le facteur  |
      | 359 heures | le passage en bureau de poste |

  @VER-08 @AR24-04 @mode-online @mode-post-office @mode-postman
  Plan du scénario: Comment changer le mode de vérification de mon identité ? En ligne, changement possible <durée> après la réception de la LRE
    Quand Camille change le mode de vérification pour « la vérification en ligne »
    Et la lettre recommandée électronique de Camille lui est parvenue
    Et <durée> passent
    Et Camille change le mode de vérification pour « <mode> »
    Alors la demande est acceptée
    Et Camille a reçu par SMS un code d'activation à 6 chiffres

    Exemples:
      | durée      | mode                          |
      | 16 jours   | le passage en bureau de poste |
      | 16 jours   | la rencontre avec le facteur  |
      | 361 heures | le passage en bureau de poste |
