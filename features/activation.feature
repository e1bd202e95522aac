# language: fr
@ACT
Fonctionnalité: Comment activer mon Identité Numérique ?
  L'activation est la dernière étape : une fois l'identité vérifiée, l'utilisateur installe
  l'application L'Identité Numérique (Play Store ou App Store), appuie sur « Commencer », se
  connecte avec son compte La Poste (e-mail et mot de passe), saisit le code reçu par SMS
  et choisit son code secret à 4 chiffres. L'Identité Numérique est ensuite valable 5 ans.

  Contexte:
    Soit le monde « défaut »
    Et Camille

  @ACT-01
  Scénario: Comment activer mon Identité Numérique ?
    Soit l'identité de Camille est vérifiée
    Quand Camille installe l'application L'Identité Numérique sur son smartphone
    Et Camille appuie sur « Commencer » et se connecte avec son e-mail et son mot de passe
    Et Camille saisit dans l'application le code reçu par SMS
    Alors Camille a reçu un SMS contenant « L'Identité Numérique La Poste : votre code est »
    Quand Camille choisit dans l'application le code secret « 1357 »
    Alors la demande est acceptée
    Et l'Espace Client de Camille affiche « Identité Numérique activée »
    Quand Camille se connecte à Mon Compte Formation avec son numéro de mobile
    Et Camille ouvre l'application et saisit le code secret « 1357 »
    Alors la connexion de Camille à Mon Compte Formation réussit au niveau FranceConnect+

  @ACT-02
  Plan du scénario: L'activation n'est possible qu'une fois l'identité vérifiée (<étape>)
    Soit Camille <étape>
    Et Camille installe l'application L'Identité Numérique sur son smartphone
    Quand Camille appuie sur « Commencer » et se connecte avec son e-mail et son mot de passe
    Alors la demande est refusée avec le code « identity_not_verified »

    Exemples:
      | étape                         |
      | a créé son compte La Poste    |
      | a déclaré son identité        |

  @ACT-03
  Plan du scénario: Le code secret ne peut pas être une suite de chiffres ni 4 mêmes chiffres (<code>)
    Soit l'identité de Camille est vérifiée
    Quand Camille installe l'application L'Identité Numérique sur son smartphone
    Et Camille appuie sur « Commencer » et se connecte avec son e-mail et son mot de passe
    Et Camille saisit dans l'application le code reçu par SMS
    Et Camille choisit dans l'application le code secret « <code> »
    Alors la demande est refusée avec le code « <refus> »
    Et l'Espace Client de Camille affiche « Téléchargement de l'application mobile »

    Exemples: une suite croissante ou 4 mêmes chiffres
      | code | refus          |
      | 1234 | pin_too_simple |
      | 0123 | pin_too_simple |
      | 6789 | pin_too_simple |
      | 2222 | pin_too_simple |
      | 4444 | pin_too_simple |
      | 5555 | pin_too_simple |
      | 0000 | pin_too_simple |

    Exemples: une suite décroissante, refusée par la politique par défaut (pin_refuse_descending)
      | code | refus          |
      | 9876 | pin_too_simple |
      | 3210 | pin_too_simple |

    Exemples: pas 4 chiffres
      | code  | refus      |
      | 123   | pin_format |
      | 12345 | pin_format |
      | 12a4  | pin_format |

  @ACT-03
  Plan du scénario: Un code secret de 4 chiffres qui n'est ni une suite ni répété est accepté (<code>)
    Soit l'identité de Camille est vérifiée
    Quand Camille installe l'application L'Identité Numérique sur son smartphone
    Et Camille appuie sur « Commencer » et se connecte avec son e-mail et son mot de passe
    Et Camille saisit dans l'application le code reçu par SMS
    Et Camille choisit dans l'application le code secret « 1234 »
    Alors la demande est refusée avec le code « pin_too_simple »
    Quand Camille choisit dans l'application le code secret « <code> »
    Alors la demande est acceptée
    Quand Camille se connecte à Mon Compte Formation avec son numéro de mobile
    Et Camille ouvre l'application et saisit le code secret « <code> »
    Alors la connexion de Camille à Mon Compte Formation réussit au niveau FranceConnect+

    Exemples:
      | code |
      | 1357 |
      | 2024 |
      | 9183 |
      | 1235 |
      | 8901 |

  @ACT-04 @AUTH-01
  Scénario: Pourquoi faut-il activer les notifications ? Chaque demande de connexion en envoie une
    Soit Camille a activé son Identité Numérique sur son smartphone
    Quand Camille se connecte à Mon Compte Formation avec son numéro de mobile
    Alors le smartphone de Camille affiche la notification « Demande de connexion à Mon Compte Formation »
    Quand Camille ouvre l'application et saisit son code secret
    Alors la connexion de Camille à Mon Compte Formation réussit au niveau FranceConnect+
    Quand 1 heure passe
    Et Camille se connecte à Mon Compte Formation avec son numéro de mobile
    Alors le smartphone de Camille affiche la notification « Demande de connexion à Mon Compte Formation »
    Et le smartphone de Camille a affiché 2 notifications de connexion

  @ACT-05
  Scénario: Pourquoi la fonctionnalité empreinte digitale / FaceID ne fonctionne pas ?
    Soit Camille a activé son Identité Numérique sur son smartphone
    Quand Camille se connecte à Mon Compte Formation avec son numéro de mobile
    Et Camille tente de valider la demande avec son empreinte digitale, sans code secret
    Alors la demande est refusée avec le code « pin_wrong »
    Quand Camille ouvre l'application et saisit son code secret
    Alors la connexion de Camille à Mon Compte Formation réussit au niveau FranceConnect+

  @ACT-06 @AUTH-08
  Plan du scénario: Le saviez-vous ? La durée de validité de votre Identité Numérique est de 5 ans (vérifiée le <vérifiée>)
    Soit nous sommes le <vérifiée>
    Et la simulation couvre 6 ans
    Et Camille a activé son Identité Numérique sur son smartphone
    Quand le temps passe jusqu'au <dernier jour>
    Et Camille se connecte à Mon Compte Formation avec son numéro de mobile
    Et Camille ouvre l'application et saisit son code secret
    Alors la connexion de Camille à Mon Compte Formation réussit au niveau FranceConnect+
    Quand le temps passe jusqu'au <lendemain>
    Et Camille se connecte à Mon Compte Formation avec son numéro de mobile
    # La page de connexion ne dit pas pourquoi (SEC-50) ; l'Espace Client, si.
    Alors la demande est refusée avec le code « unknown_login_hint »
    Et l'Espace Client de Camille montre une Identité Numérique expirée

    Exemples:
      | vérifiée   | dernier jour | lendemain  |
      | 10/05/2021 | 09/05/2026   | 10/05/2026 |
      | 29/02/2024 | 28/02/2029   | 01/03/2029 |

  @ELIG-03
  Plan du scénario: Je n'arrive pas à télécharger l'application : <système> est trop ancien
    Soit Camille a un smartphone <système>
    Et l'identité de Camille est vérifiée
    Quand Camille appuie sur « Commencer » et se connecte avec son e-mail et son mot de passe
    Alors la demande est refusée avec le code « os_unsupported »

    Exemples:
      | système    |
      | Android 5  |
      | iOS 12     |

  @ELIG-03 @ACT-01
  Plan du scénario: Suis-je éligible ? Un smartphone <système> suffit
    Soit Camille a un smartphone <système>
    Et l'identité de Camille est vérifiée
    Quand Camille installe l'application L'Identité Numérique sur son smartphone
    Et Camille appuie sur « Commencer » et se connecte avec son e-mail et son mot de passe
    Et Camille saisit dans l'application le code reçu par SMS
    Et Camille choisit dans l'application son code secret
    Alors la demande est acceptée
    Et l'Espace Client de Camille affiche « Identité Numérique activée »

    Exemples:
      | système    |
      | Android 6  |
      | iOS 13     |
