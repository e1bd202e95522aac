# language: fr
@ACC
Fonctionnalité: Le compte La Poste
  Pour créer son Identité Numérique, il faut d'abord un compte La Poste : une adresse
  e-mail confirmée par un code, un mot de passe, un numéro de mobile confirmé par SMS,
  des noms et l'acceptation des CGU (ÉTAPES 5 à 12 du guide). Un mot de passe oublié se
  réinitialise par un lien (compte La Poste) ou par un code (Espace Client).

  Contexte:
    Soit le monde « défaut »
    Et Camille, qui veut créer son Identité Numérique

  @ACC-01 @ACC-03 @ACC-04 @ACC-05
  Scénario: ÉTAPES 5 à 12 : créer son compte La Poste
    Soit Camille a créé son compte La Poste
    Alors Camille a reçu un e-mail « Votre code de vérification »
    Et Camille a reçu un SMS contenant « votre code de vérification est »

  @ACC-01 @ACC-03 @ACC-04 @ACC-05
  Scénario: ÉTAPES 5 à 12, écran par écran
    Quand Camille commence la création de son compte La Poste avec son adresse e-mail
    Et Camille reçoit un code à 6 chiffres par e-mail
    Et Camille saisit le code reçu par e-mail
    Alors la demande est acceptée
    Quand Camille crée son mot de passe
    Alors la demande est acceptée
    Quand Camille renseigne son numéro de mobile
    Alors Camille reçoit un code à 4 chiffres par SMS
    Quand Camille renseigne sa civilité, ses prénoms et son nom
    Et Camille accepte les CGU en cliquant sur « ACCEPTER »
    Et Camille saisit le code reçu par SMS
    Alors la demande est acceptée
    Quand Camille passe à la création de son Identité Numérique
    Alors la demande est acceptée

  @ACC-01
  Scénario: Je ne reçois pas l'email contenant le code à 6 chiffres : il est dans les spams
    Soit le monde « courriels en spam »
    Quand Camille commence la création de son compte La Poste avec son adresse e-mail
    Et Camille reçoit un code à 6 chiffres par e-mail
    Alors Camille trouve l'e-mail « Votre code de vérification » dans le dossier « Indésirables/SPAMS »
    Quand Camille saisit le code reçu par e-mail
    Alors la demande est acceptée

  @ACC-02
  Scénario: ÉTAPE 6 : avec un compte La Poste existant, « Se connecter » sans refaire les étapes de l'e-mail
    Soit Camille a créé son compte La Poste
    Quand Camille commence la création de son compte La Poste avec son adresse e-mail
    Alors la demande est refusée avec le code « email_already_used »
    Quand Camille clique sur « Se connecter » et saisit l'adresse e-mail et le mot de passe de son compte La Poste
    Alors la demande est acceptée
    Quand Camille passe à la création de son Identité Numérique
    Alors la demande est acceptée
    Et Camille a reçu en tout 1 e-mail « Votre code de vérification »

  @ACC-04
  Plan du scénario: ÉTAPE 12 : « Vous n'avez pas reçu par sms ? », le renvoi après le compte à rebours
    Soit Camille a confirmé son adresse e-mail et choisi son mot de passe
    Quand Camille renseigne son numéro de mobile
    Et <attente> passent
    Et Camille demande le renvoi du sms
    Alors <issue>

    Exemples:
      | attente     | issue                                                                         |
      | 6 secondes  | le renvoi du sms est refusé, le compte à rebours indiquant encore 54 secondes |
      | 59 secondes | la demande est refusée avec le code « sms_resend_too_soon »                   |
      | 60 secondes | la demande est acceptée                                                       |

  @ACC-04
  Scénario: ÉTAPE 12 : après le renvoi, le nouveau code reçu par SMS est accepté
    Soit Camille a confirmé son adresse e-mail et choisi son mot de passe
    Quand Camille renseigne son numéro de mobile
    Et Camille reçoit un code à 4 chiffres par SMS
    Et 2 minutes passent
    Et Camille demande le renvoi du sms
    Alors Camille reçoit un code à 4 chiffres par SMS
    Quand Camille saisit le code reçu par SMS
    Alors la demande est acceptée

  @ACC-05
  Scénario: ÉTAPE 10 : sans accepter les CGU, pas d'Identité Numérique
    Soit Camille a renseigné son compte La Poste sans accepter les CGU
    Quand Camille passe à la création de son Identité Numérique
    Alors la demande est refusée avec le code « account_incomplete »
    Quand Camille accepte les CGU en cliquant sur « ACCEPTER »
    Et Camille passe à la création de son Identité Numérique
    Alors la demande est acceptée

  @ACC-06
  Plan du scénario: J'ai oublié le mot de passe de mon compte La Poste : le lien n'est valable que 2 heures
    Soit Camille a créé son compte La Poste
    Quand Camille clique sur « mot de passe oublié » sous « Se connecter » du compte La Poste
    Et Camille reçoit un e-mail avec le lien de réinitialisation
    Et <attente> passent
    Et Camille suit le lien de réinitialisation et définit un nouveau mot de passe
    Alors <issue>

    Exemples:
      | attente     | issue                                                      |
      | 119 minutes | la demande est acceptée                                    |
      | 121 minutes | la demande est refusée avec le code « reset_link_expired » |

  @ACC-06
  Scénario: J'ai oublié le mot de passe de mon compte La Poste : je me connecte avec le nouveau
    Soit Camille a créé son compte La Poste
    Quand Camille clique sur « mot de passe oublié » sous « Se connecter » du compte La Poste
    Et Camille reçoit un e-mail avec le lien de réinitialisation
    Et Camille suit le lien de réinitialisation et définit un nouveau mot de passe
    Alors la demande est acceptée
    Quand Camille se connecte à l'Espace Client avec son ancien mot de passe
    Alors la demande est refusée avec le code « bad_credentials »
    Quand Camille se connecte à l'Espace Client avec son nouveau mot de passe
    Alors la demande est acceptée

  @ACC-07 @ACC-08
  Scénario: J'ai oublié mon mot de passe : l'e-mail, le code à 6 chiffres reçu par mail, le nouveau mot de passe
    Soit Camille a créé son compte La Poste
    Quand Camille clique sur « mot de passe oublié » de l'Espace Client et renseigne son adresse e-mail
    Et Camille reçoit un code à 6 chiffres par e-mail
    Et Camille saisit le code reçu par e-mail et crée un nouveau mot de passe
    Alors la demande est acceptée
    Quand Camille se connecte à l'Espace Client avec son ancien mot de passe
    Alors la demande est refusée avec le code « bad_credentials »
    Quand Camille se connecte à l'Espace Client avec son nouveau mot de passe
    Alors la demande est acceptée
    # Un code ne sert qu'une fois.
    Quand Camille saisit le code reçu par e-mail et crée un nouveau mot de passe
    Alors la demande est refusée avec le code « code_invalid »

  @ACC-08 @ACC-01
  Plan du scénario: Le code à 6 chiffres reçu par e-mail expire au bout de 15 minutes
    Quand Camille commence la création de son compte La Poste avec son adresse e-mail
    Et Camille reçoit un code à 6 chiffres par e-mail
    Et <attente> passent
    Et Camille saisit le code reçu par e-mail
    Alors <issue>

    Exemples:
      | attente    | issue                                              |
      | 14 minutes | la demande est acceptée                            |
      | 16 minutes | la demande est refusée avec le code « code_expired » |

  @ACC-08 @ACC-04
  Plan du scénario: Le code reçu par SMS expire au bout de 10 minutes
    Soit Camille a confirmé son adresse e-mail et choisi son mot de passe
    Quand Camille renseigne son numéro de mobile
    Et Camille reçoit un code à 4 chiffres par SMS
    Et <attente> passent
    Et Camille saisit le code reçu par SMS
    Alors <issue>

    Exemples:
      | attente    | issue                                              |
      | 9 minutes  | la demande est acceptée                            |
      | 11 minutes | la demande est refusée avec le code « code_expired » |

  @ACC-08 @ACC-01
  Plan du scénario: Un code reçu par e-mail tolère 5 essais erronés
    Quand Camille commence la création de son compte La Poste avec son adresse e-mail
    Et Camille reçoit un code à 6 chiffres par e-mail
    Et Camille se trompe <erreurs> fois en saisissant le code reçu par e-mail
    Alors la demande est refusée avec le code « <refus> »
    Quand Camille saisit le code reçu par e-mail
    Alors <issue>

    Exemples:
      | erreurs | refus                  | issue                                                          |
      | 4       | code_invalid           | la demande est acceptée                                        |
      | 5       | code_attempts_exceeded | la demande est refusée avec le code « code_attempts_exceeded » |

  @ACC-08 @ACC-01
  Scénario: Après trop d'essais erronés, « Renvoyer le code » donne un nouveau code
    Quand Camille commence la création de son compte La Poste avec son adresse e-mail
    Et Camille reçoit un code à 6 chiffres par e-mail
    Et Camille se trompe 5 fois en saisissant le code reçu par e-mail
    Alors la demande est refusée avec le code « code_attempts_exceeded »
    Quand Camille demande à recevoir un nouveau code par e-mail
    Et Camille reçoit un code à 6 chiffres par e-mail
    Et Camille saisit le code reçu par e-mail
    Alors la demande est acceptée
